package org.switchboard.smtp.managesieve;

import java.util.function.Supplier;
import org.switchboard.core.auth.AuthService;
import org.switchboard.net.ConnectionHandler;
import org.switchboard.smtp.sieve.SieveScripts;

/** Makes ManageSieve sessions (RFC 5804) for a listener, conventionally on port 4190 with STARTTLS. */
public final class ManageSieveService {
    public static final String SERVICE = "managesieve";
    public static final int STANDARD_PORT = 4190;

    private ManageSieveService() {
    }

    public static ConnectionHandler handler(AuthService auth, SieveScripts scripts, Supplier<String> hostName) {
        return connection -> new ManageSieveSession(connection, auth, scripts, hostName.get(), SERVICE).serve();
    }
}
