package org.switchboard.smtp.codec;

import java.io.IOException;

/** The peer broke the protocol (a reply that is not one, an oversized line). */
public final class SmtpProtocolException extends IOException {
    public SmtpProtocolException(String message) {
        super(message);
    }
}
