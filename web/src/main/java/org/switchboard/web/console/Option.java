package org.switchboard.web.console;

/** One choice in a select or checkbox list: the submitted value and what the admin reads. */
record Option(String value, String label) {
    static Option of(String value) { return new Option(value, value); }
}
