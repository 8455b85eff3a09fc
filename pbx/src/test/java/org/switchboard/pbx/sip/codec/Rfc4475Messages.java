package org.switchboard.pbx.sip.codec;

import java.io.IOException;

/** Access to the RFC 4475 message files for tests in other packages. */
public final class Rfc4475Messages {
    private Rfc4475Messages() {}

    public static byte[] load(String name) throws IOException {
        return Rfc4475TortureTest.load(name);
    }
}
