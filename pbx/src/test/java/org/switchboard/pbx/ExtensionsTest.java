package org.switchboard.pbx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.core.Actor;
import org.switchboard.core.auth.PasswordHasher;
import org.switchboard.core.error.Problem;
import org.switchboard.pbx.extension.RingingRules;
import org.switchboard.pbx.extension.Extension;
import org.switchboard.pbx.extension.Extensions;
import org.switchboard.pbx.extension.NewExtension;

/** Extensions in the one dial-plan namespace, stored through the metadata store with sealed SIP passwords. */
class ExtensionsTest {
    PbxFixture f;
    Extensions x;

    @BeforeEach
    void setUp() throws Exception {
        f = new PbxFixture(0, 32000);
        f.user("carol@example.com", "Carol, \"CJ\" Example");
        x = f.pbx.extensions();
    }

    @Test
    void add_userAndStandalone_storedSealedAndListed() {
        Extension a = x.add(Actor.SERVER, NewExtension.of("1001", "carol@example.com", "S1p-Secret!1001"));
        x.add(Actor.SERVER, NewExtension.of("1002", null, "S1p-Secret!1002"));
        assertThat(a.sealedSipPassword()).doesNotContain("S1p-Secret");
        assertThat(f.store.list("pbx-extension")).hasSize(2).allMatch(e -> !e.data().contains("S1p-Secret"));
        assertThat(x.sipPassword(a)).contains("S1p-Secret!1001");
        assertThat(x.ofUser(f.directory.user("carol@example.com").orElseThrow().id())).extracting(Extension::number).containsExactly("1001");
        assertThat(x.get("1002").orElseThrow().standalone()).isTrue();
    }

    @Test
    void add_collisionsInTheNamespace_refused() {
        x.add(Actor.SERVER, NewExtension.of("1001", null, "S1p-Secret!1001"));
        assertThatThrownBy(() -> x.add(Actor.SERVER, NewExtension.of("1001", null, "S1p-Secret!1001"))).isInstanceOf(Problem.class).hasMessageContaining("already exists");
        assertThatThrownBy(() -> x.add(Actor.SERVER, NewExtension.of("50", null, "S1p-Secret!0050"))).hasMessageContaining("Voicemail");
        assertThatThrownBy(() -> x.add(Actor.SERVER, NewExtension.of("1x", null, "S1p-Secret!0050"))).hasMessageContaining("2 to 15 digits");
        assertThatThrownBy(() -> x.add(Actor.SERVER, NewExtension.of("1003", "nobody@example.com", "S1p-Secret!1003"))).hasMessageContaining("no user");
    }

    @Test
    void add_weakSipPassword_refused_missingPassword_generatedStrong() {
        assertThatThrownBy(() -> x.add(Actor.SERVER, NewExtension.of("1004", null, "12345678"))).hasMessageContaining("9 to 128");
        assertThatThrownBy(() -> x.add(Actor.SERVER, NewExtension.of("1004", null, "abcdefghijk"))).hasMessageContaining("three of");
        Extension generated = x.add(Actor.SERVER, NewExtension.of("1005", null, null));
        assertThat(x.sipPassword(generated).orElseThrow()).hasSizeGreaterThan(8);
    }

    @Test
    void dialPlanCsv_everyNumberWithTypeAndQuotedDescription() {
        x.add(Actor.SERVER, NewExtension.of("111", "carol@example.com", "S1p-Secret!0111"));
        x.add(Actor.SERVER, new NewExtension("112", null, null, "Lobby phone", "S1p-Secret!0112", null, null, null, null));
        assertThat(x.dialPlanCsv()).isEqualTo("Extension Number,Type ID,Description\r\n"
                + "*9,8,Direct voicemail prefix\r\n111,1,\"Carol, \"\"CJ\"\" Example\"\r\n112,2,Lobby phone\r\n50,7,Voicemail\r\n");
    }

    @Test
    void remove_thenNumberFreeAgain_andSurvivesReload() {
        x.add(Actor.SERVER, NewExtension.of("1006", null, "S1p-Secret!1006"));
        x.add(Actor.SERVER, NewExtension.of("1007", null, "S1p-Secret!1007"));
        x.remove(Actor.SERVER, "1006");
        Extensions reloaded = new Extensions(f.store, null, new PasswordHasher(), f.directory, java.util.List::of);
        assertThat(reloaded.list()).extracting(Extension::number).containsExactly("1007");
    }

    @Test
    void ringingRules_forwardTargetChecked_storedAndReloaded() {
        x.add(Actor.SERVER, NewExtension.of("1001", null, "S1p-Secret!1001"));
        assertThatThrownBy(() -> x.setRinging(Actor.SERVER, "1001", new RingingRules("1009", null, null, null))).hasMessageContaining("no extension 1009");
        assertThatThrownBy(() -> x.setRinging(Actor.SERVER, "1001", new RingingRules("1001", null, null, null))).hasMessageContaining("itself");
        assertThatThrownBy(() -> x.setRinging(Actor.SERVER, "1001", new RingingRules(null, RingingRules.ForwardMode.ALWAYS, null, null)))
                .hasMessageContaining("needs a forwardTo");
        x.add(Actor.SERVER, NewExtension.of("1002", null, "S1p-Secret!1002"));
        x.setRinging(Actor.SERVER, "1001", new RingingRules("1002", RingingRules.ForwardMode.PARALLEL, false, null));
        Extension reloaded = new Extensions(f.store, null, new PasswordHasher(), f.directory, java.util.List::of).get("1001").orElseThrow();
        assertThat(reloaded.ringing().forwardTo()).isEqualTo("1002");
        assertThat(reloaded.ringing().mode()).isEqualTo(RingingRules.ForwardMode.PARALLEL);
        assertThat(reloaded.ringing().voicemailWhenBusy()).isFalse();
        assertThat(reloaded.ringing().voicemailWhenUnanswered()).isTrue();
    }

    @Test
    void storedRecord_writtenBeforeRulesExisted_readsWithDefaults() {
        f.store.write(java.util.List.of(new org.switchboard.core.store.MetadataStore.Put("pbx-extension", "1010",
                "{\"number\":\"1010\",\"ownerId\":null,\"displayName\":\"\",\"description\":\"old\",\"sealedSipPassword\":null,\"ringSeconds\":0}")));
        Extension old = new Extensions(f.store, null, new PasswordHasher(), f.directory, java.util.List::of).get("1010").orElseThrow();
        assertThat(old.ringing()).isEqualTo(RingingRules.DEFAULT);
        assertThat(old.ringing().voicemailWhenBusy()).isTrue();
        assertThat(old.voicemailPinHash()).isNull();
    }

    @Test
    void voicemailPin_hashedAndVerified_badFormatRefused() {
        Extension e = x.add(Actor.SERVER, new NewExtension("1001", null, null, null, "S1p-Secret!1001", null, null, "2468", null));
        assertThat(e.voicemailPinHash()).startsWith("$argon2id$").doesNotContain("2468");
        assertThat(x.verifyVoicemailPin(e, "2468")).isTrue();
        assertThat(x.verifyVoicemailPin(e, "2469")).isFalse();
        assertThatThrownBy(() -> x.setVoicemailPin(Actor.SERVER, "1001", "12a4")).hasMessageContaining("4 to 12 digits");
        x.setVoicemailPin(Actor.SERVER, "1001", null);
        assertThat(x.verifyVoicemailPin(e, "2468")).as("no PIN, closed mailbox").isFalse();
        assertThat(e.withoutSecret().voicemailPinHash()).isNull();
    }

    @Test
    void setPhones_growShrinkAndBack_namesStableLoggedAndResolved() {
        x.add(Actor.SERVER, NewExtension.of("124", "carol@example.com", "S1p-Secret!0124"));
        try (LogCapture config = new LogCapture("switchboard.config")) {
            Extension two = x.setPhones(Actor.SERVER, "124", 2);
            assertThat(two.phones()).isEqualTo(2);
            assertThat(two.sipUsers()).hasSize(2).doesNotHaveDuplicates().allMatch(n -> n.matches("124-[a-z2-9]{8}u"));
            Extension three = x.setPhones(Actor.SERVER, "124", 3);
            assertThat(three.sipUsers()).as("names handed out stay").startsWith(two.sipUsers().toArray(String[]::new)).hasSize(3);
            assertThat(x.bySipUser(three.sipUsers().get(2))).map(Extension::number).contains("124");
            assertThat(x.setPhones(Actor.SERVER, "124", 2).sipUsers()).isEqualTo(two.sipUsers());
            assertThat(x.bySipUser(three.sipUsers().get(2))).as("dropped name").isEmpty();
            assertThat(x.setPhones(Actor.SERVER, "124", 1).sipUsers()).isEmpty();
            assertThat(x.bySipUser(two.sipUsers().get(0))).isEmpty();
            assertThat(x.bySipUser("124")).isPresent();
            assertThat(config.lines()).hasSize(4).allMatch(l -> l.contains("manually configured phones of extension 124"))
                    .noneMatch(l -> l.contains(two.sipUsers().get(0)));
        }
        assertThat(f.store.list("pbx-extension").get(0).data()).as("stored with the extension").contains("sipUsers");
        assertThatThrownBy(() -> x.setPhones(Actor.SERVER, "124", 0)).hasMessageContaining("1 to 20");
        assertThatThrownBy(() -> x.setPhones(Actor.SERVER, "124", 21)).hasMessageContaining("1 to 20");
        assertThatThrownBy(() -> x.setPhones(Actor.SERVER, "999", 2)).isInstanceOf(Problem.class);
    }
}
