package org.switchboard.core.log;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogSettingsTest {

    private static final LogSettings.Syslog OFF = LogSettings.Syslog.disabled();

    @Test
    void defaults_values_matchTheDocumentedOnes() {
        LogSettings defaults = LogSettings.defaults();
        assertThat(defaults.maxFileBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(defaults.maxFiles()).isEqualTo(5);
        assertThat(defaults.syslog().enabled()).isFalse();
        assertThat(defaults.debugCategories()).isEmpty();
    }

    @Test
    void settings_outOfRangeSizeOrCount_rejected() {
        assertThatThrownBy(() -> new LogSettings(64 * 1024 - 1, 5, OFF, Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFileBytes");
        assertThatThrownBy(() -> new LogSettings(2L * 1024 * 1024 * 1024, 5, OFF, Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFileBytes");
        assertThatThrownBy(() -> new LogSettings(64 * 1024, 0, OFF, Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFiles");
        assertThatThrownBy(() -> new LogSettings(64 * 1024, 101, OFF, Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFiles");
        assertThat(new LogSettings(64 * 1024, 100, OFF, Set.of()).maxFiles()).isEqualTo(100);
    }

    @Test
    void syslog_badPortHostOrFacility_rejected() {
        assertThatThrownBy(() -> new LogSettings.Syslog(true, "loghost", 0, "MAIL"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> new LogSettings.Syslog(true, "loghost", 65536, "MAIL"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> new LogSettings.Syslog(true, " ", 514, "MAIL"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
        assertThatThrownBy(() -> new LogSettings.Syslog(false, "loghost", 514, "BOGUS"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("facility 'BOGUS'");
        assertThat(new LogSettings.Syslog(true, " loghost ", 514, "local0"))
                .isEqualTo(new LogSettings.Syslog(true, "loghost", 514, "LOCAL0"));
    }

    @Test
    void debugCategories_malformedName_rejected() {
        assertThatThrownBy(() -> LogSettings.defaults().withDebugCategories(Set.of("smtp server")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'smtp server'");
        assertThatThrownBy(() -> LogSettings.defaults().withDebugCategories(Set.of("smtp.server")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LogSettings.defaults().withDebugCategories(Set.of("x".repeat(65))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(LogSettings.defaults().withDebugCategories(Set.of("smtp-server", "custom_1")).debugCategories())
                .containsExactlyInAnyOrder("smtp-server", "custom_1");
    }
}
