package io.virtseed.core.lifecycle;

import io.virtseed.core.ports.MachineEvent;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.ports.MachineStatus;
import io.virtseed.core.state.InstanceRecord;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An instance as {@code ls}/{@code show} present it: what we recorded, what the hypervisor says
 * now (state and reason), and the last lifecycle change the metadata service saw.
 */
public record InstanceView(InstanceRecord record, Optional<MachineStatus> status, Path dir,
        Optional<MachineEvent> lastEvent) {

    public InstanceView(InstanceRecord record, Optional<MachineStatus> status, Path dir) {
        this(record, status, dir, Optional.empty());
    }

    /** The power state alone, empty when the domain is gone. */
    public Optional<MachineState> state() {
        return status.map(MachineStatus::state);
    }

    /** The state word shown to users: the hypervisor's, or {@code missing} when the domain is gone. */
    public String stateText() {
        return status.map(MachineStatus::stateText).orElse("missing");
    }

    /** Why it is in that state ({@code shutdown}, {@code destroyed}, {@code crashed}, ...), or {@code unknown}. */
    public String reason() {
        return status.map(MachineStatus::reason).orElse(MachineStatus.UNKNOWN);
    }
}
