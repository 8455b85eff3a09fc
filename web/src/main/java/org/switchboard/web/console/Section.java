package org.switchboard.web.console;

import org.switchboard.web.api.Access;

/** A place in the console's navigation: where it is, who may open it, and words that find it. */
record Section(String id, String title, String group, String path, Access access, String keywords) {}
