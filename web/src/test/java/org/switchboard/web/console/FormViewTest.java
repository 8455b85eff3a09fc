package org.switchboard.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.switchboard.core.error.Problem;

class FormViewTest {
    @Test
    void failed_fieldErrorOfAFormField_showsNextToIt() {
        FormView v = FormView.of(Map.of("name", "x"), true).failed(Problem.invalid("name", "is not valid"), List.of("name", "description"));
        assertThat(v.err("name")).isEqualTo("is not valid");
        assertThat(v.message()).contains("Nothing was saved");
    }

    @Test
    void failed_settingsMessageNamingTwoFields_goesToTheFirstNamed() {
        Problem p = Problem.invalid("admin", "sessionMaxMinutes must be at least sessionIdleMinutes and at most 10080");
        FormView v = FormView.of(Map.of(), true).failed(p, List.of("sessionIdleMinutes", "sessionMaxMinutes"));
        assertThat(v.errors()).containsOnlyKeys("sessionMaxMinutes");
    }

    @Test
    void failed_problemWithoutFields_isTheFormMessage() {
        FormView v = FormView.of(Map.of(), true).failed(Problem.conflict("domain a.test already exists"), List.of("name"));
        assertThat(v.errors()).isEmpty();
        assertThat(v.message()).isEqualTo("domain a.test already exists");
    }

    @Test
    void failed_fieldNotOnTheForm_reportedInTheMessage() {
        FormView v = FormView.of(Map.of(), true).failed(Problem.invalid("groups", "no group x@a.test"), List.of("name"));
        assertThat(v.errors()).isEmpty();
        assertThat(v.message()).contains("groups: no group x@a.test");
    }

    @Test
    void has_multiValuedField_matchesWholeValuesOnly() {
        FormView v = FormView.of(Map.of("groups", "sales\nsupport"), true);
        assertThat(v.has("groups", "sales")).isTrue();
        assertThat(v.has("groups", "sale")).isFalse();
    }
}
