package io.virtseed.core.ports;

import java.util.Locale;
import java.util.Objects;

/**
 * A guest's power state and why it is in it, as the hypervisor recorded it: {@code shutoff} for
 * {@code shutdown} (the guest powered itself off, on its own or asked by ACPI), {@code destroyed}
 * (powered off from the host), {@code crashed} or {@code failed}; {@code running} for
 * {@code booted}; {@code crashed} for {@code panicked}. The reasons are libvirt's, in the words
 * {@code virsh domstate --reason} prints.
 *
 * @param reason lower case, never empty: {@code unknown} when the hypervisor does not say
 */
public record MachineStatus(MachineState state, String reason) {

    public static final String UNKNOWN = "unknown";

    public MachineStatus {
        Objects.requireNonNull(state, "state");
        reason = reason == null || reason.isBlank() ? UNKNOWN : reason;
    }

    /** The state word, {@code running}, {@code shutoff}, ... */
    public String stateText() {
        return state.name().toLowerCase(Locale.ROOT);
    }

    /** {@code shutoff (shutdown)}, or the state alone when the reason is unknown. */
    public String text() {
        return reason.equals(UNKNOWN) ? stateText() : stateText() + " (" + reason + ")";
    }
}
