package org.switchboard.pbx.voicemail;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** One stored voicemail message: whose box, who left it, when, how long, and its WAV file. */
public record VoicemailMessage(String id, String extension, String caller, Instant received, Duration length, Path file) {}
