package org.switchboard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The telephone exchange's verbs: extensions, registrations, calls, dial plan. */
final class PbxCommands {
    private PbxCommands() {}

    /**
     * {@code extension add NUMBER --user ADDRESS}: here --user names the owner, as the guide's
     * CLI example has it; {@link AdminVerbs} swaps the inherited login --user for this one, so
     * the admin's own name then comes from SWITCHBOARD_ADMIN_USER or {@code admin --user X extension add}.
     */
    @Command(name = "add", description = "Add an extension (owned by --user ADDRESS, or standalone).")
    static final class Add implements Callable<Integer> {
        private final ConnectionOptions options;
        String owner;

        @Parameters(paramLabel = "NUMBER")
        String number;

        @Option(names = "--sip-password", paramLabel = "P", description = "SIP password (generated when omitted).")
        String password;

        @Option(names = "--name", paramLabel = "NAME", description = "Display name (caller ID).")
        String name;

        @Option(names = "--description", paramLabel = "D")
        String description;

        @Option(names = "--ring-seconds", paramLabel = "N", description = "No-answer timeout.")
        Integer ring;

        @Option(names = "--phones", paramLabel = "N", description = "Manually configured phones; 2+ get generated SIP user names.")
        Integer phones;

        Add(ConnectionOptions options) { this.options = options; }

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("number", number);
            body.put("owner", owner);
            body.put("displayName", name);
            body.put("description", description);
            body.put("sipPassword", password);
            body.put("ringSeconds", ring);
            body.put("phones", phones);
            try (AdminSession api = options.open()) {
                Output out = options.output();
                out.show(api.post("/api/v1/pbx/extensions", body), r -> out.line("Extension " + r.path("number").asText() + " added"
                        + (r.path("owner").isNull() || r.path("owner").isMissingNode() ? " (standalone)." : " for " + r.path("owner").asText() + ".")));
            }
            return 0;
        }
    }

    @Command(name = "extension", description = "Phone extensions: add, list, show, set, remove, SIP password.")
    static final class ExtensionCommand {
        private final ConnectionOptions options;

        ExtensionCommand(ConnectionOptions options) { this.options = options; }

        @Command(name = "list", description = "List extensions.")
        int list() {
            try (AdminSession api = options.open()) {
                Output out = options.output();
                out.show(api.get("/api/v1/pbx/extensions"), r -> {
                    List<List<String>> rows = new ArrayList<>();
                    for (JsonNode x : r) rows.add(List.of(x.path("number").asText(), x.path("owner").asText("(standalone)"),
                            x.path("displayName").asText(), x.path("ringSeconds").asText()));
                    out.table(List.of("NUMBER", "OWNER", "NAME", "RING S"), rows, "No extensions.");
                });
            }
            return 0;
        }

        @Command(name = "show", description = "Show an extension, with the generated SIP user names of its phones.")
        int show(@Parameters(paramLabel = "NUMBER") String number) {
            try (AdminSession api = options.open()) {
                Output out = options.output();
                out.show(api.get("/api/v1/pbx/extensions/" + AdminSession.seg(number)), r -> {
                    out.line("Extension:   " + r.path("number").asText());
                    out.line("Owner:       " + r.path("owner").asText("(standalone)"));
                    out.line("Name:        " + r.path("displayName").asText());
                    out.line("Description: " + r.path("description").asText());
                    out.line("Ring s:      " + (r.path("ringSeconds").asInt() == 0 ? "exchange default" : r.path("ringSeconds").asText()));
                    out.line("Phones:      " + r.path("phones").asText());
                    if (r.path("sipUsers").isEmpty()) {
                        out.line("SIP users:   " + r.path("number").asText() + " (the number)");
                    } else {
                        for (JsonNode u : r.path("sipUsers")) out.line("SIP user:    " + u.asText());
                    }
                });
            }
            return 0;
        }

        @Command(name = "set", description = "Change an extension: --phones N manually configured phones (2+ get generated SIP user names).")
        int set(@Parameters(paramLabel = "NUMBER") String number,
                @Option(names = "--phones", required = true, paramLabel = "N", description = "1 to 20 manually configured phones.") int phones) {
            try (AdminSession api = options.open()) {
                Output out = options.output();
                out.show(api.put("/api/v1/pbx/extensions/" + AdminSession.seg(number) + "/phones", Map.of("phones", phones)), r -> {
                    out.line("Extension " + number + " has " + r.path("phones").asText() + " manually configured phone(s).");
                    for (JsonNode u : r.path("sipUsers")) out.line("SIP user: " + u.asText());
                });
            }
            return 0;
        }

        @Command(name = "remove", description = "Remove an extension.")
        int remove(@Parameters(paramLabel = "NUMBER") String number) {
            try (AdminSession api = options.open()) {
                api.delete("/api/v1/pbx/extensions/" + AdminSession.seg(number));
                options.output().line("Extension " + number + " removed.");
            }
            return 0;
        }

        @Command(name = "pin", description = "Set the voicemail PIN (4-12 digits).")
        int pin(@Parameters(paramLabel = "NUMBER") String number, @Option(names = "--pin", required = true, paramLabel = "DIGITS") String pin) {
            try (AdminSession api = options.open()) {
                api.put("/api/v1/pbx/extensions/" + AdminSession.seg(number) + "/voicemail-pin", Map.of("pin", pin));
                options.output().line("Voicemail PIN of " + number + " set.");
            }
            return 0;
        }

        @Command(name = "ringing", description = "Ringing rules: forward to another extension, voicemail on busy / no answer.")
        int ringing(@Parameters(paramLabel = "NUMBER") String number,
                    @Option(names = "--forward-to", paramLabel = "EXT") String forwardTo,
                    @Option(names = "--mode", paramLabel = "MODE", description = "AFTER_RINGING, PARALLEL or ALWAYS") String mode,
                    @Option(names = "--voicemail-on-busy", paramLabel = "true|false") Boolean onBusy,
                    @Option(names = "--voicemail-on-no-answer", paramLabel = "true|false") Boolean onNoAnswer) {
            Map<String, Object> rules = new LinkedHashMap<>();
            rules.put("forwardTo", forwardTo);
            rules.put("forwardMode", mode);
            rules.put("voicemailOnBusy", onBusy);
            rules.put("voicemailOnNoAnswer", onNoAnswer);
            try (AdminSession api = options.open()) {
                Output out = options.output();
                out.show(api.put("/api/v1/pbx/extensions/" + AdminSession.seg(number) + "/ringing", rules),
                        r -> out.line("Ringing rules of " + number + " saved."));
            }
            return 0;
        }

        @Command(name = "voicemail", description = "List an extension's voicemail messages, or delete one with --delete ID.")
        int voicemail(@Parameters(paramLabel = "NUMBER") String number, @Option(names = "--delete", paramLabel = "ID") String delete) {
            try (AdminSession api = options.open()) {
                Output out = options.output();
                String base = "/api/v1/pbx/extensions/" + AdminSession.seg(number) + "/voicemail";
                if (delete != null) {
                    api.delete(base + "/" + AdminSession.seg(delete));
                    out.line("Voicemail message " + delete + " deleted.");
                    return 0;
                }
                out.show(api.get(base), r -> {
                    List<List<String>> rows = new ArrayList<>();
                    for (JsonNode m : r) rows.add(List.of(m.path("id").asText(), m.path("caller").asText(), m.path("received").asText(),
                            m.path("seconds").asText()));
                    out.table(List.of("ID", "FROM", "RECEIVED", "SECONDS"), rows, "No voicemail messages.");
                });
            }
            return 0;
        }

        @Command(name = "password", description = "Show an extension's SIP password, or set it with --set.")
        int password(@Parameters(paramLabel = "NUMBER") String number,
                     @Option(names = "--set", paramLabel = "P", description = "The new SIP password.") String set) {
            try (AdminSession api = options.open()) {
                Output out = options.output();
                if (set != null) {
                    api.put("/api/v1/pbx/extensions/" + AdminSession.seg(number) + "/sip-password", Map.of("sipPassword", set));
                    out.line("SIP password of " + number + " changed.");
                } else {
                    out.show(api.get("/api/v1/pbx/extensions/" + AdminSession.seg(number) + "/sip-password"),
                            r -> out.line(r.path("sipPassword").asText()));
                }
            }
            return 0;
        }
    }

    @Command(name = "registrations", description = "Registered phones: extension, contact, source, expiry.")
    static final class Registrations implements Callable<Integer> {
        private final ConnectionOptions options;

        Registrations(ConnectionOptions options) { this.options = options; }

        @Override
        public Integer call() {
            try (AdminSession api = options.open()) {
                Output out = options.output();
                out.show(api.get("/api/v1/pbx/registrations"), r -> {
                    List<List<String>> rows = new ArrayList<>();
                    for (JsonNode b : r) rows.add(List.of(b.path("extension").asText(), b.path("sipUser").asText(), b.path("transport").asText(),
                            b.path("source").asText(), b.path("expires").asText(), b.path("userAgent").asText("")));
                    out.table(List.of("EXTENSION", "SIP USER", "TRANSPORT", "SOURCE", "EXPIRES", "USER AGENT"), rows, "No phone is registered.");
                });
            }
            return 0;
        }
    }

    @Command(name = "calls", description = "Call history and calls in progress.")
    static final class CallsCommand {
        private final ConnectionOptions options;

        CallsCommand(ConnectionOptions options) { this.options = options; }

        @Command(name = "list", description = "Call history, newest first.")
        int list(@Option(names = "--csv", description = "Print CSV (for spreadsheets).") boolean csv,
                 @Option(names = "--limit", paramLabel = "N", defaultValue = "200") int limit) {
            try (AdminSession api = options.open()) {
                if (csv) {
                    System.out.print(api.text("/api/v1/pbx/calls" + AdminSession.query("limit", Integer.toString(limit), "format", "csv")));
                    return 0;
                }
                Output out = options.output();
                out.show(api.get("/api/v1/pbx/calls" + AdminSession.query("limit", Integer.toString(limit))), r -> {
                    List<List<String>> rows = new ArrayList<>();
                    for (JsonNode c : r) rows.add(List.of(c.path("start").asText(), c.path("caller").asText(), c.path("callee").asText()
                            + (c.hasNonNull("transferredTo") ? " -> " + c.path("transferredTo").asText() : ""),
                            c.path("disposition").asText(), c.path("durationSeconds").asText()));
                    out.table(List.of("START", "FROM", "TO", "RESULT", "SECONDS"), rows, "No calls yet.");
                });
            }
            return 0;
        }

        @Command(name = "active", description = "Calls in progress.")
        int active() {
            try (AdminSession api = options.open()) {
                Output out = options.output();
                out.show(api.get("/api/v1/pbx/calls/active"), r -> {
                    List<List<String>> rows = new ArrayList<>();
                    for (JsonNode c : r) rows.add(List.of(c.path("caller").asText(), c.path("callee").asText(), c.path("state").asText(),
                            c.path("start").asText()));
                    out.table(List.of("FROM", "TO", "STATE", "SINCE"), rows, "No calls in progress.");
                });
            }
            return 0;
        }
    }

    @Command(name = "dialplan", description = "Every number of the exchange and what it reaches.")
    static final class DialPlan implements Callable<Integer> {
        private final ConnectionOptions options;

        @Option(names = "--csv", description = "Print CSV.")
        boolean csv;

        DialPlan(ConnectionOptions options) { this.options = options; }

        @Override
        public Integer call() {
            try (AdminSession api = options.open()) {
                if (csv) {
                    System.out.print(api.text("/api/v1/pbx/dialplan?format=csv"));
                    return 0;
                }
                Output out = options.output();
                out.show(api.get("/api/v1/pbx/dialplan"), r -> {
                    List<List<String>> rows = new ArrayList<>();
                    for (JsonNode e : r) {
                        List<String> row = new ArrayList<>();
                        e.fields().forEachRemaining(f -> row.add(f.getValue().asText()));
                        rows.add(row);
                    }
                    out.table(List.of("NUMBER", "TYPE", "DESCRIPTION"), rows, "The dial plan is empty.");
                });
            }
            return 0;
        }
    }
}
