package io.virtseed.core.ports;

import io.virtseed.core.value.InstanceName;
import java.time.Instant;
import java.util.Objects;

/**
 * A lifecycle change the hypervisor reported for one of our guests, as it happened, whoever caused
 * it: the guest powering itself off, crashing, being started or destroyed from the host.
 *
 * @param event  {@code started}, {@code stopped}, {@code shutdown}, {@code crashed}, {@code suspended},
 *               {@code resumed}, {@code defined}, {@code undefined}, {@code pmsuspended}
 * @param detail the hypervisor's detail of it: for {@code stopped}, {@code shutdown} (from inside the
 *               guest), {@code destroyed}, {@code crashed}, {@code failed}; for {@code crashed},
 *               {@code panicked}; {@code unknown} when it gives none
 */
public record MachineEvent(InstanceName name, Instant at, String event, String detail) {

    public MachineEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(event, "event");
        detail = detail == null || detail.isBlank() ? MachineStatus.UNKNOWN : detail;
    }

    /** {@code stopped (shutdown)}. */
    public String text() {
        return detail.equals(MachineStatus.UNKNOWN) ? event : event + " (" + detail + ")";
    }
}
