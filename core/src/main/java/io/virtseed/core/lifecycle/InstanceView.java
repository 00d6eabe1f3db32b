package io.virtseed.core.lifecycle;

import io.virtseed.core.ports.MachineState;
import io.virtseed.core.state.InstanceRecord;
import java.nio.file.Path;
import java.util.Optional;

/** An instance as {@code ls}/{@code show} present it: what we recorded and what the hypervisor says. */
public record InstanceView(InstanceRecord record, Optional<MachineState> state, Path dir) {

    /** The state word shown to users: the hypervisor's, or {@code missing} when the domain is gone. */
    public String stateText() {
        return state.map(s -> s.name().toLowerCase(java.util.Locale.ROOT)).orElse("missing");
    }
}
