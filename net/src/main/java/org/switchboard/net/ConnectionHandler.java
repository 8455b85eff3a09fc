package org.switchboard.net;

import java.io.IOException;

/**
 * A protocol session. Called once per accepted connection on that connection's own virtual thread;
 * the listener closes the connection when this returns or throws.
 */
@FunctionalInterface
public interface ConnectionHandler {
    void serve(Connection connection) throws IOException;
}
