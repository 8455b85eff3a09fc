package org.switchboard.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import gg.jte.html.OwaspHtmlTemplateOutput;
import gg.jte.output.StringOutput;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.switchboard.pbx.call.CallRecord;
import org.switchboard.pbx.call.Calls;
import org.switchboard.pbx.extension.DialPlanEntry;
import org.switchboard.web.api.PbxRoutes;

/** The telephony pages' rows rendered from the API's records, as the live fragments and tables show them. */
class TelephonyPagesTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Instant T = Instant.parse("2026-03-02T09:15:00Z");
    static final Frame FRAME = new Frame("Call history", "callhistory", List.of(), "Admin", "full administration", "tok", null, "test");

    private static String render(Outcome.View view) {
        StringOutput out = new StringOutput();
        view.render(new OwaspHtmlTemplateOutput(out));
        return out.toString();
    }

    @Test
    void activeCalls_answeredCall_showsLocalStartAndTalkTime() {
        var m = new TelephonyPages.ActiveCalls(List.of(new Calls.ActiveCall("c1", "1001", "1002", "ANSWERED", T, T.plusSeconds(5))),
                T.plusSeconds(5 + 75), BERLIN);
        String html = render(out -> JtecallslistGenerated.render(out, null, m));
        assertThat(html).contains("hx-get=\"/admin/calls/live\"").contains("1001").contains("1002").contains("answered")
                .contains("2026-03-02 10:15:00").contains("1:15");
    }

    @Test
    void history_callerNameWithMarkup_escapedAndDispositionInWords() {
        CallRecord r = new CallRecord("h1", "1001", "<script>x</script>", "1002", T, null, T.plusSeconds(20), 0,
                CallRecord.Disposition.NO_ANSWER, 0, 0, null);
        var m = new TelephonyPages.History(List.of(r), FormView.of(Map.of("limit", "50"), true), List.of(Option.of("50")), 50, BERLIN);
        String html = render(out -> JtecallhistoryGenerated.render(out, null, FRAME, m));
        assertThat(html).contains("&lt;script&gt;x&lt;/script&gt;").doesNotContain("<script>x")
                .contains("not answered").contains("/admin/callhistory/calls.csv?limit=50").doesNotContain("transferred");
    }

    @Test
    void registrations_row_linksTheExtension() {
        var reg = new PbxRoutes.RegistrationView("1001", "sip:1001@192.0.2.7:5062", "UDP", "192.0.2.7:5062", T, "Desk/1.0", true, "1001");
        String html = render(out -> JteregistrationslistGenerated.render(out, null, new TelephonyPages.Registrations(List.of(reg), BERLIN)));
        assertThat(html).contains("href=\"/admin/extensions/1001\"").contains("behind NAT").contains("Desk/1.0").contains("2026-03-02 10:15:00");
    }

    @Test
    void dialPlan_typeIds_inWordsAndOnlyExtensionsLinked() {
        var m = new TelephonyPages.DialPlan(List.of(new DialPlanEntry("50", DialPlanEntry.VOICEMAIL, "Voicemail"),
                new DialPlanEntry("1001", DialPlanEntry.USER_EXTENSION, "Alice")));
        String html = render(out -> JtedialplanGenerated.render(out, null, FRAME, m));
        assertThat(html).contains("href=\"/admin/extensions/1001\"").doesNotContain("href=\"/admin/extensions/50\"")
                .contains("User extension").contains("Voicemail");
        assertThat(TelephonyPages.type(99)).isEqualTo("Type 99");
    }

    @Test
    void duration_underAndOverAnHour() {
        assertThat(StatusPages.duration(75)).isEqualTo("1:15");
        assertThat(StatusPages.duration(3 * 3600 + 61)).isEqualTo("3:01:01");
        assertThat(StatusPages.duration(-4)).isEqualTo("0:00");
    }

    @Test
    void history_transferredCall_showsTheTarget() {
        CallRecord r = new CallRecord("h2", "1001", "", "1002", T, T.plusSeconds(2), T.plusSeconds(20), 18,
                CallRecord.Disposition.ANSWERED, 900, 880, "1003");
        var m = new TelephonyPages.History(List.of(r), FormView.of(Map.of("limit", "50"), true), List.of(Option.of("50")), 50, BERLIN);
        assertThat(render(out -> JtecallhistoryGenerated.render(out, null, FRAME, m))).contains("transferred to 1003");
    }

    @Test
    void extensionPage_generatedNames_listedWithThePhonesForm() {
        var x = new PbxRoutes.ExtensionView("124", null, "", "", 0, 2, List.of("124-abcdefghu", "124-jkmnpqrsu"));
        var reg = new PbxRoutes.RegistrationView("124", "sip:124-abcdefghu@192.0.2.7:5062", "UDP", "192.0.2.7:5062", T, "Soft/1.0", false,
                "124-abcdefghu");
        var m = new TelephonyPages.ExtensionPage(x, true, true, null, List.of(reg), FormView.of(Map.of(), true),
                FormView.of(Map.of("phones", "2"), true), null, BERLIN);
        String html = render(out -> JteextensionGenerated.render(out, null, FRAME, m));
        assertThat(html).contains("<code>124-abcdefghu</code>").contains("<code>124-jkmnpqrsu</code>")
                .contains("action=\"/admin/extensions/124/phones\"").contains("<td>124-abcdefghu</td>");
    }
}
