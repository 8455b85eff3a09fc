package org.switchboard.core.settings;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** All services, in the order the console lists them. */
public record ServicesSettings(List<ServiceSettings> services) {
    public ServicesSettings {
        services = List.copyOf(services);
    }

    public ServiceSettings service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    public static Section<ServicesSettings> section(List<ServiceSettings> defaults) {
        return new Section<>("services", ServicesSettings.class, new ServicesSettings(defaults), ServicesSettings::check);
    }

    static void check(ServicesSettings s) {
        Set<String> names = new HashSet<>();
        Set<String> endpoints = new HashSet<>();
        for (ServiceSettings svc : s.services()) {
            if (!names.add(svc.name())) throw new IllegalArgumentException("service " + svc.name() + " appears twice");
            if (svc.maxConnections() < 0) throw new IllegalArgumentException(svc.name() + ": maxConnections must be 0 (unlimited) or more");
            if (svc.idleTimeoutSeconds() < 1 || svc.idleTimeoutSeconds() > 86400) throw new IllegalArgumentException(svc.name() + ": idleTimeoutSeconds must be 1..86400");
            if (svc.maxLineLength() < 512 || svc.maxLineLength() > 1 << 20) throw new IllegalArgumentException(svc.name() + ": maxLineLength must be 512..1048576");
            if (svc.listen().isEmpty()) throw new IllegalArgumentException(svc.name() + ": at least one listening address is required");
            for (ServiceSettings.Listen l : svc.listen()) {
                if (l.port() < 1 || l.port() > 65535) throw new IllegalArgumentException(svc.name() + ": port " + l.port() + " is out of range 1..65535");
                if (l.address() == null || !(l.address().matches("[0-9.]+") || l.address().contains(":"))) {
                    throw new IllegalArgumentException(svc.name() + ": listen address must be an IP address such as 0.0.0.0, :: or 127.0.0.1");
                }
                if (svc.enabled() && !endpoints.add(l.address() + "|" + l.port())) {
                    throw new IllegalArgumentException(svc.name() + ": " + l.address() + " port " + l.port() + " is used by another service");
                }
            }
        }
    }
}
