package io.virtseed.libvirt.domain;

import java.util.Locale;
import java.util.Objects;

/**
 * What libvirt does on guest power-off, reboot and crash: one typed field per event, so one can
 * never be written from another's value.
 */
public record Lifecycle(Action onPoweroff, Action onReboot, Action onCrash) {

    public Lifecycle {
        Objects.requireNonNull(onPoweroff, "onPoweroff");
        Objects.requireNonNull(onReboot, "onReboot");
        Objects.requireNonNull(onCrash, "onCrash");
    }

    /** A lifecycle action valid for all three events. */
    public enum Action {
        DESTROY, RESTART, PRESERVE;

        /** The element text, e.g. {@code destroy}. */
        public String xml() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
