package org.switchboard.web.api;

import java.time.InstantSource;
import java.util.List;
import java.util.function.Supplier;
import org.switchboard.core.Actor;
import org.switchboard.core.auth.AccessPolicies;
import org.switchboard.core.auth.AuthService;
import org.switchboard.core.definitions.IpGroups;
import org.switchboard.core.definitions.TimeRanges;
import org.switchboard.core.directory.Directory;
import org.switchboard.core.log.LogKind;
import org.switchboard.core.settings.Settings;
import org.switchboard.core.tls.CertificateInfo;

/** The services the API (and later the console) is a view over; wired by the app. */
public record ApiContext(Directory directory, AuthService auth, IpGroups ipGroups, TimeRanges timeRanges,
                         AccessPolicies policies, Settings settings, Sessions sessions, Logs logs,
                         Supplier<List<ServiceStatus>> services, Certificates certificates, InstantSource clock) {

    /** Read access to the log files for the API. */
    public interface Logs {
        List<String> tail(LogKind kind, int lines);

        List<String> search(LogKind kind, String pattern, boolean regex, int limit);

        void clear(LogKind kind);
    }

    /** The server's TLS certificate: what it is, and issuing a new self-signed one. */
    public interface Certificates {
        CertificateInfo info();

        /** Replaces certificate and key; listeners start serving the new one for new connections. */
        CertificateInfo regenerateSelfSigned(Actor actor) throws java.io.IOException;
    }

    /** A running (or stopped) service as the status view shows it. */
    public record ServiceStatus(String name, boolean enabled, boolean running, List<String> listening,
                                int activeConnections, String error) {}
}
