package org.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** ARCHITECTURE.md's dependency rules, checked against the Maven module graph. */
class ArchitectureTest {
    static final Set<String> PROTOCOLS = Set.of("smtp", "imap", "pop3", "pbx", "filter", "dav", "ldap", "xmpp", "activesync");

    static Map<String, List<String>> graph() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String parent = Files.readString(root.resolve("pom.xml"));
        Map<String, List<String>> deps = new LinkedHashMap<>();
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
        while (modules.find()) {
            String m = modules.group(1);
            String pom = Files.readString(root.resolve(m).resolve("pom.xml"));
            List<String> internal = new ArrayList<>();
            Matcher d = Pattern.compile("<dependency>\\s*<groupId>org\\.switchboard</groupId>\\s*<artifactId>switchboard-([a-z0-9-]+)</artifactId>(.*?)</dependency>",
                    Pattern.DOTALL).matcher(pom);
            while (d.find()) if (!d.group(2).contains("<scope>test</scope>")) internal.add(d.group(1));
            deps.put(m, internal);
        }
        return deps;
    }

    @Test
    void core_dependsOnNoOtherModule() throws Exception {
        assertThat(graph().get("core")).isEmpty();
    }

    @Test
    void storeAndNet_dependOnCoreOnly() throws Exception {
        assertThat(graph().get("store")).containsOnly("core");
        assertThat(graph().get("net")).containsOnly("core");
    }

    @Test
    void protocolModules_neverDependOnEachOther() throws Exception {
        graph().forEach((module, deps) -> {
            if (PROTOCOLS.contains(module)) assertThat(deps).as(module).doesNotContainAnyElementsOf(PROTOCOLS).doesNotContain("web", "app");
        });
    }

    @Test
    void nothing_dependsOnApp() throws Exception {
        graph().forEach((module, deps) -> assertThat(deps).as(module).doesNotContain("app"));
    }
}
