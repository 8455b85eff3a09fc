package org.switchboard.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.switchboard.core.auth.Principal;
import org.switchboard.core.directory.AdminRole;

class SectionsTest {
    static final Principal SERVER = new Principal("Admin", null, null, AdminRole.SERVER_READ_WRITE);
    static final Principal DOMAIN = new Principal("d@a.test", "1", "a.test", AdminRole.DOMAIN_READ_WRITE);

    @Test
    void search_timeZone_findsServerIdentity() {
        assertThat(Sections.search("time zone", SERVER)).extracting(Section::id).containsExactly("server");
    }

    @Test
    void search_titleMatch_rankedFirst() {
        assertThat(Sections.search("log", SERVER).get(0).id()).isEqualTo("logs");
    }

    @Test
    void search_domainAdmin_neverSeesServerSections() {
        assertThat(Sections.search("ip restriction", SERVER)).extracting(Section::id).containsExactly("services");
        assertThat(Sections.search("ip restriction", DOMAIN)).isEmpty();
        assertThat(Sections.visible(DOMAIN)).extracting(Section::id).containsExactly("dashboard", "domains", "users", "groups", "aliases");
    }

    @Test
    void all_idsAndPathsUniqueAndUnderAdmin() {
        assertThat(new HashSet<>(Sections.ALL.stream().map(Section::id).toList())).hasSize(Sections.ALL.size());
        assertThat(new HashSet<>(Sections.ALL.stream().map(Section::path).toList())).hasSize(Sections.ALL.size());
        assertThat(Sections.ALL).allMatch(s -> Pattern.matches("/admin(/[a-z]+)?", s.path()));
    }

    @Test
    void search_emptyOrHugeQuery_findsNothing() {
        assertThat(Sections.search("", SERVER)).isEmpty();
        assertThat(Sections.search("x".repeat(101), SERVER)).isEmpty();
    }
}
