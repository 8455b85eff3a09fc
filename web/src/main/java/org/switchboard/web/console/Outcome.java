package org.switchboard.web.console;

import gg.jte.html.HtmlTemplateOutput;
import org.switchboard.web.api.Reply;

/** What a console action answers: an HTML page (or fragment), a redirect after a change, or raw bytes. */
sealed interface Outcome {
    /** A compiled template bound to its model. */
    @FunctionalInterface
    interface View { void render(HtmlTemplateOutput out); }

    record Page(int status, View view) implements Outcome {}

    /** 303 See Other, so a reload never repeats the POST; {@code notice} shows on the next page. */
    record Redirect(String location) implements Outcome {}

    record Raw(Reply reply) implements Outcome {}

    static Outcome page(View view) { return new Page(200, view); }

    static Outcome page(int status, View view) { return new Page(status, view); }
}
