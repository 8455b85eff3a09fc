package org.switchboard.app;

import picocli.CommandLine.Command;

/** Placeholder until the CLI branch lands. */
@Command(name = "admin", description = "Administer a running server through its REST API.")
final class AdminCommand {}
