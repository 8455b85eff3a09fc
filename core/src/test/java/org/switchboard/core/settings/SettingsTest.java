package org.switchboard.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.switchboard.core.error.ProblemAssertions.assertInvalid;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.switchboard.core.Actor;
import org.switchboard.core.LogCapture;
import org.switchboard.core.error.Problem;
import org.switchboard.core.store.MemoryMetadataStore;
import org.switchboard.core.store.MetadataStore;

class SettingsTest {
    private static final Actor ADMIN = new Actor("admin", "192.0.2.10");
    private static final Section<AdminSettings> ADMIN_SECTION = AdminSettings.SECTION;
    private static final AdminSettings DEFAULTS = ADMIN_SECTION.defaults();

    private final MemoryMetadataStore store = new MemoryMetadataStore();
    private final Settings settings = registered(store);

    private static Settings registered(MemoryMetadataStore store) {
        Settings s = new Settings(store);
        s.register(ADMIN_SECTION);
        s.register(ServerSettings.SECTION);
        return s;
    }

    private static AdminSettings idle(int minutes) {
        return new AdminSettings(minutes, DEFAULTS.sessionMaxMinutes(), DEFAULTS.logoutOnIpChange(), DEFAULTS.maxRequestBytes());
    }

    @Test
    void register_nothingStored_defaults() {
        assertThat(settings.get(ADMIN_SECTION)).isEqualTo(DEFAULTS);
        assertThat(settings.get("admin")).isEqualTo(DEFAULTS);
        assertThat(settings.sections()).extracting(Section::name).containsExactly("admin", "server");
    }

    @Test
    void update_valid_persistedAndSeenBySecondInstance() {
        settings.update(ADMIN, ADMIN_SECTION, idle(45));
        assertThat(settings.get(ADMIN_SECTION).sessionIdleMinutes()).isEqualTo(45);
        assertThat(registered(store).get(ADMIN_SECTION)).isEqualTo(idle(45));
    }

    @Test
    void update_valid_configLogShowsOldAndNew() {
        try (LogCapture log = LogCapture.of("switchboard.config")) {
            settings.update(ADMIN, ADMIN_SECTION, new AdminSettings(45, DEFAULTS.sessionMaxMinutes(), true, DEFAULTS.maxRequestBytes()));
            assertThat(log.lines()).containsExactly(
                    "admin (192.0.2.10): settings admin changed: sessionIdleMinutes: 30 -> 45; logoutOnIpChange: false -> true");
        }
    }

    @Test
    void update_sameValue_noWriteNoLogNoListener() {
        List<AdminSettings> seen = new ArrayList<>();
        settings.onChange(ADMIN_SECTION, seen::add);
        try (LogCapture log = LogCapture.of("switchboard.config")) {
            settings.update(ADMIN, ADMIN_SECTION, DEFAULTS);
            assertThat(log.lines()).isEmpty();
        }
        assertThat(store.writeCount()).isZero();
        assertThat(seen).isEmpty();
    }

    @Test
    void update_sectionValidatorRefuses_invalidAndNothingChanged() {
        List<AdminSettings> seen = new ArrayList<>();
        settings.onChange(ADMIN_SECTION, seen::add);
        try (LogCapture log = LogCapture.of("switchboard.config")) {
            assertThatThrownBy(() -> settings.update(ADMIN, ADMIN_SECTION, idle(0)))
                    .isInstanceOfSatisfying(Problem.class, p -> {
                        assertThat(p.kind()).isEqualTo(Problem.Kind.INVALID);
                        assertThat(p.errors()).containsExactly(new Problem.FieldError("admin", "sessionIdleMinutes must be 1..1440"));
                    });
            assertThat(log.lines()).isEmpty();
        }
        assertThat(settings.get(ADMIN_SECTION)).isEqualTo(DEFAULTS);
        assertThat(store.snapshot()).isEmpty();
        assertThat(seen).isEmpty();
    }

    @Test
    void update_null_invalid() {
        assertInvalid(() -> settings.update(ADMIN, ADMIN_SECTION, null), "a value is required");
    }

    @Test
    void addCheck_refuses_invalidWithItsMessageAndNothingChanged() {
        settings.addCheck(ServerSettings.SECTION, s -> {
            if (s.hostName().endsWith(".invalid")) throw new IllegalArgumentException("hostName must not be a reserved name");
        });
        ServerSettings bad = new ServerSettings("mail.example.invalid", "en", "UTC");
        ServerSettings before = settings.get(ServerSettings.SECTION);

        assertInvalid(() -> settings.update(ADMIN, ServerSettings.SECTION, bad), "server: hostName must not be a reserved name");

        assertThat(settings.get(ServerSettings.SECTION)).isEqualTo(before);
        assertThat(store.snapshot()).isEmpty();
        assertThat(settings.update(ADMIN, ServerSettings.SECTION, new ServerSettings("mail.example.com", "en", "UTC")).hostName())
                .isEqualTo("mail.example.com");
    }

    @Test
    void addCheck_otherSectionUpdated_notConsulted() {
        settings.addCheck(ServerSettings.SECTION, s -> { throw new IllegalArgumentException("never"); });
        assertThat(settings.update(ADMIN, ADMIN_SECTION, idle(45))).isEqualTo(idle(45));
    }

    @Test
    void listener_update_calledAfterChangeVisibleAndSaved() {
        List<String> seen = new ArrayList<>();
        settings.onChange(ADMIN_SECTION, v -> {
            seen.add("value " + v.sessionIdleMinutes());
            seen.add("current " + settings.get(ADMIN_SECTION).sessionIdleMinutes());
            seen.add("stored " + store.get("settings", "admin").isPresent());
        });

        settings.update(ADMIN, ADMIN_SECTION, idle(45));

        assertThat(seen).containsExactly("value 45", "current 45", "stored true");
    }

    @Test
    void listener_otherSection_notCalled() {
        List<Object> seen = new ArrayList<>();
        settings.onChange(ServerSettings.SECTION, seen::add);
        settings.update(ADMIN, ADMIN_SECTION, idle(45));
        assertThat(seen).isEmpty();
    }

    @Test
    void update_storeFailure_oldValueKeptNoListener() {
        List<AdminSettings> seen = new ArrayList<>();
        settings.onChange(ADMIN_SECTION, seen::add);
        store.failNextWrite();
        assertThatThrownBy(() -> settings.update(ADMIN, ADMIN_SECTION, idle(45))).isInstanceOf(IllegalStateException.class);
        assertThat(settings.get(ADMIN_SECTION)).isEqualTo(DEFAULTS);
        assertThat(seen).isEmpty();
    }

    @Test
    void updateJson_validBody_typedValue() {
        settings.updateJson(ADMIN, "admin", "{\"sessionIdleMinutes\":45,\"sessionMaxMinutes\":480,\"logoutOnIpChange\":false,\"maxRequestBytes\":1048576}");
        assertThat(settings.get(ADMIN_SECTION)).isEqualTo(idle(45));
    }

    @Test
    void updateJson_malformed_invalidOneLineMessage() {
        assertThatThrownBy(() -> settings.updateJson(ADMIN, "admin", "{\"sessionIdleMinutes\":"))
                .isInstanceOfSatisfying(Problem.class, p -> {
                    assertThat(p.kind()).isEqualTo(Problem.Kind.INVALID);
                    assertThat(p.getMessage()).startsWith("admin: the body is not a valid admin settings document").doesNotContain("\n");
                });
    }

    @Test
    void updateJson_unknownSection_notFound() {
        assertThatThrownBy(() -> settings.updateJson(ADMIN, "nosuch", "{}"))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.kind()).isEqualTo(Problem.Kind.NOT_FOUND));
    }

    @Test
    void serverSettings_badValues_clearMessages() {
        assertInvalid(() -> settings.update(ADMIN, ServerSettings.SECTION, new ServerSettings("bad host", "en", "UTC")), "hostName must be a DNS name");
        assertInvalid(() -> settings.update(ADMIN, ServerSettings.SECTION, new ServerSettings("mail.example.com", "xx", "UTC")), "language must be one of");
        assertInvalid(() -> settings.update(ADMIN, ServerSettings.SECTION, new ServerSettings("mail.example.com", "en", "Mars/Base")), "timeZone");
    }

    @Test
    void servicesSettings_portUsedTwice_invalid() {
        ServiceSettings imap = new ServiceSettings("imap", true, List.of(new ServiceSettings.Listen("0.0.0.0", 143, false)), null, 0, 600, 8192);
        ServiceSettings other = new ServiceSettings("pop3", true, List.of(new ServiceSettings.Listen("0.0.0.0", 143, false)), null, 0, 600, 8192);
        Section<ServicesSettings> section = ServicesSettings.section(List.of(imap));
        settings.register(section);
        assertInvalid(() -> settings.update(ADMIN, section, new ServicesSettings(List.of(imap, other))), "port 143 is used by another service");
        assertThat(settings.get(section).services()).containsExactly(imap);
    }

    @Test
    void register_valueInStore_storedValueUsed() {
        store.write(List.of(new MetadataStore.Put("settings", "admin",
                "{\"sessionIdleMinutes\":10,\"sessionMaxMinutes\":60,\"logoutOnIpChange\":true,\"maxRequestBytes\":8192}")));
        assertThat(registered(store).get(ADMIN_SECTION)).isEqualTo(new AdminSettings(10, 60, true, 8192));
    }
}
