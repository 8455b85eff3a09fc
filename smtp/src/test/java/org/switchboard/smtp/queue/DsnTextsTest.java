package org.switchboard.smtp.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DsnTextsTest {
    @TempDir
    Path dir;

    @Test
    void acceptLanguage_qualityOrder_primaryTagsBestFirst() {
        assertThat(DsnTexts.byQuality("fr;q=0.4, de-DE, en;q=0.8, *;q=0.1")).containsExactly("de", "en", "fr");
        assertThat(DsnTexts.byQuality("es;q=0, cs")).containsExactly("cs");
        assertThat(DsnTexts.byQuality("../../etc, x;q=oops, 12")).isEmpty();
    }

    @Test
    void preferredLanguages_acceptThenContentLanguage_foldedHeaderRead() throws Exception {
        Path m = Files.writeString(dir.resolve("m.eml"), "Subject: x\r\nAccept-Language: cs,\r\n en;q=0.5\r\nContent-Language: fr-CA\r\n\r\nAccept-Language: de\r\n");
        assertThat(DsnTexts.preferredLanguages(m)).containsExactly("cs", "en", "fr");
    }

    @Test
    void choose_unknownLanguage_fallsBackToDefaultThenEnglish() {
        DsnTexts texts = new DsnTexts(dir.resolve("reports"));
        assertThat(texts.choose(java.util.List.of("xx", "es"), "de").language()).isEqualTo("es");
        assertThat(texts.choose(java.util.List.of("xx"), "de").language()).isEqualTo("de");
        assertThat(texts.choose(java.util.List.of(), "zz").language()).isEqualTo("en");
        assertThat(texts.choose(java.util.List.of(), null).body(Dsn.Action.DELAYED, "Mon, 1 Jan 2030 00:00:00 GMT"))
                .contains("until Mon, 1 Jan 2030").contains("\r\n");
    }
}
