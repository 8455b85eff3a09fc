package org.switchboard.core.settings;

import java.util.function.Consumer;

/**
 * One section of the server settings: its name in the store and the API, its record type,
 * its defaults and the check a new value must pass before it is saved.
 */
public record Section<T extends Record>(String name, Class<T> type, T defaults, Consumer<T> validator) {}
