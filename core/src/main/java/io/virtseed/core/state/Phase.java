package io.virtseed.core.state;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where provisioning of an instance stands, as recorded in {@code instance.json}. */
public enum Phase {
    /** Allocated and being made; a crash leaves this, and the next {@code up} or {@code down} clears it. */
    CREATING,
    /** Every step of {@code up} applied. */
    CREATED,
    /**
     * Being removed: {@code down} records it before its first undo, so a {@code down} killed midway
     * is finished by the next {@code down}, and the next {@code up} clears it and makes the instance
     * anew rather than converging on a half-removed one.
     */
    DELETING;

    @JsonValue
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Phase of(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
