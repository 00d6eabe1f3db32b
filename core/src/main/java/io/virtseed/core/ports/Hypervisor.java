package io.virtseed.core.ports;

import io.virtseed.core.value.InstanceName;
import java.util.List;
import java.util.Optional;

/**
 * The guests virtseed owns on one hypervisor connection. Removal is idempotent: removing what
 * is already gone succeeds. Only domains carrying virtseed's ownership tag are touched.
 */
public interface Hypervisor {

    /** Defines the guest; an existing guest of ours with the same name is redefined. */
    void define(MachineRequest request);

    /** Starts a defined guest; starting a running one succeeds. */
    void start(InstanceName name);

    /** Asks the guest to shut down (ACPI); a stopped or absent guest succeeds. */
    void shutdown(InstanceName name);

    /** Powers the guest off at once; a stopped or absent guest succeeds. */
    void destroy(InstanceName name);

    /** Removes the definition; an absent guest succeeds. Refuses a guest that is not ours. */
    void undefine(InstanceName name);

    /** The guest's state, empty when no such guest of ours exists. */
    Optional<MachineState> state(InstanceName name);

    /** Names of all guests carrying our ownership tag. */
    List<InstanceName> owned();

    /** True when hardware virtualization (KVM) really works on this host. */
    boolean kvmUsable();
}
