package org.switchboard.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.switchboard.core.auth.Principal;
import org.switchboard.core.directory.AdminRole;

class SectionsTest {
    static final Principal SERVER = new Principal("Admin", null, null, AdminRole.SERVER_READ_WRITE);
    static final Principal DOMAIN = new Principal("d@a.test", "1", "a.test", AdminRole.DOMAIN_READ_WRITE);
    static final Principal VIEWER = new Principal("v@a.test", "2", "a.test", AdminRole.SERVER_READ_ONLY);
    static final Predicate<String> ALL = path -> true;

    @Test
    void search_timeZone_findsServerIdentity() {
        assertThat(Sections.search("time zone", SERVER, ALL)).extracting(Section::id).containsExactly("server");
    }

    @Test
    void search_titleMatch_rankedFirst() {
        assertThat(Sections.search("log", SERVER, ALL).get(0).id()).isEqualTo("logs");
    }

    @Test
    void search_domainAdmin_neverSeesServerSections() {
        assertThat(Sections.search("ip restriction", SERVER, ALL)).extracting(Section::id).containsExactly("services");
        assertThat(Sections.search("ip restriction", DOMAIN, ALL)).isEmpty();
        assertThat(Sections.visible(DOMAIN, ALL)).extracting(Section::id).containsExactly("dashboard", "domains", "users", "groups", "aliases",
                "lists", "extensions");
    }

    @Test
    void all_idsAndPathsUniqueAndUnderAdmin() {
        assertThat(new HashSet<>(Sections.ALL.stream().map(Section::id).toList())).hasSize(Sections.ALL.size());
        assertThat(new HashSet<>(Sections.ALL.stream().map(Section::path).toList())).hasSize(Sections.ALL.size());
        assertThat(Sections.ALL).allMatch(s -> Pattern.matches("/admin(/[a-z]+)?", s.path()));
    }

    @Test
    void search_emptyOrHugeQuery_findsNothing() {
        assertThat(Sections.search("", SERVER, ALL)).isEmpty();
        assertThat(Sections.search("x".repeat(101), SERVER, ALL)).isEmpty();
    }

    @Test
    void search_mailAndPhoneWords_findTheirSections() {
        assertThat(Sections.search("sip password", SERVER, ALL)).extracting(Section::id).startsWith("extensions");
        assertThat(Sections.search("reindex", SERVER, ALL)).extracting(Section::id).containsExactly("mailstore");
        assertThat(Sections.search("search index", SERVER, ALL)).extracting(Section::id).contains("mailstore");
        assertThat(Sections.search("who is online", SERVER, ALL)).extracting(Section::id).containsExactly("connections");
        assertThat(Sections.search("pop3 sessions", SERVER, ALL)).extracting(Section::id).contains("connections");
        assertThat(Sections.search("registered phones", SERVER, ALL)).extracting(Section::id).startsWith("registrations");
        assertThat(Sections.search("cdr", SERVER, ALL)).extracting(Section::id).containsExactly("callhistory");
        assertThat(Sections.search("rtp port range", SERVER, ALL)).extracting(Section::id).containsExactly("exchange");
        assertThat(Sections.search("dial plan", SERVER, ALL).get(0).id()).isEqualTo("dialplan");
        assertThat(Sections.search("stuck", SERVER, ALL)).extracting(Section::id).containsExactly("queue");
        assertThat(Sections.search("smarthost", SERVER, ALL)).extracting(Section::id).containsExactly("smtp");
        assertThat(Sections.search("relay", VIEWER, ALL)).extracting(Section::id).contains("smtp");
        assertThat(Sections.search("subscribe", DOMAIN, ALL)).extracting(Section::id).containsExactly("lists");
        assertThat(Sections.search("queue", DOMAIN, ALL)).isEmpty();
        assertThat(Sections.search("active calls", SERVER, ALL).get(0).id()).isEqualTo("calls");
    }

    @Test
    void visible_serviceNotWiredIn_itsSectionsHidden() {
        Set<String> coreOnly = Set.of();
        assertThat(Sections.visible(SERVER, coreOnly::contains)).extracting(Section::id)
                .doesNotContain("connections", "mailstore", "extensions", "registrations", "calls", "callhistory", "dialplan", "exchange")
                .contains("dashboard", "services");
        assertThat(Sections.search("sip", SERVER, coreOnly::contains)).isEmpty();
        assertThat(Sections.visible(SERVER, Set.of("/api/v1/pbx/extensions")::contains)).extracting(Section::id)
                .contains("extensions").doesNotContain("mailstore");
    }

    @Test
    void visible_readOnlyAdmin_seesEveryTelephonyAndMailSection() {
        assertThat(Sections.visible(VIEWER, ALL)).extracting(Section::id)
                .contains("connections", "mailstore", "extensions", "registrations", "calls", "callhistory", "dialplan", "exchange");
    }
}
