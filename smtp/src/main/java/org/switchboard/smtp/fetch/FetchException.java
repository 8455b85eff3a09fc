package org.switchboard.smtp.fetch;

import java.io.IOException;

/** A remote server answered something we cannot use; the message is safe to log and show an admin. */
final class FetchException extends IOException {
    FetchException(String message) {
        super(message);
    }
}
