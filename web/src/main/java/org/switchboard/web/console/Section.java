package org.switchboard.web.console;

import org.switchboard.web.api.Access;

/**
 * A place in the console's navigation: where it is, who may open it, and words that find it.
 * {@code needs} names the API route its pages are a view over when that route belongs to a
 * service wired in by the app (mail store, exchange); without it the section is not shown.
 */
record Section(String id, String title, String group, String path, Access access, String keywords, String needs) {
    Section(String id, String title, String group, String path, Access access, String keywords) {
        this(id, title, group, path, access, keywords, null);
    }
}
