package io.virtseed.core.state;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The accelerator an instance was given, once {@code auto} is resolved. */
public enum Accelerator {
    KVM,
    TCG;

    @JsonValue
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Accelerator of(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
