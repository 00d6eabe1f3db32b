package io.virtseed.core.state;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where provisioning of an instance stands, as recorded in {@code instance.json}. */
public enum Phase {
    /** Allocated and being made; a crash leaves this, and the next {@code up} or {@code down} clears it. */
    CREATING,
    /** Every step of {@code up} applied. */
    CREATED;

    @JsonValue
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Phase of(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
