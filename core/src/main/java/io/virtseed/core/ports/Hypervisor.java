package io.virtseed.core.ports;

import io.virtseed.core.spec.MachineType;
import io.virtseed.core.value.InstanceName;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The guests one state folder owns on one hypervisor connection. Removal is idempotent: removing
 * what is already gone succeeds. Only domains carrying virtseed's ownership tag for this state
 * folder are touched; another state folder's guests are invisible (absent to every call but
 * {@code define}, which refuses their names), and guests virtseed did not make are refused.
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

    /**
     * Removes the definition; an absent guest succeeds. A running guest keeps running, transient,
     * until it stops, as libvirt does. Refuses a guest that virtseed did not make.
     */
    void undefine(InstanceName name);

    /** Restarts a running guest (ACPI, as pressing its reset after a clean shutdown would). */
    void reboot(InstanceName name);

    /**
     * Makes a running guest's cdrom holding {@code drive} read that file anew (ejected, then
     * inserted again), so a drive rebuilt in place is what the guest reads from now on, without a
     * restart. A stopped guest reads the file at its next start anyway.
     *
     * @return false when the guest is running but {@code drive} is not on a cdrom it can swap (a
     *         disk on virtio, which cannot change media): it sees the new file at its next start
     */
    boolean reloadDrive(InstanceName name, java.nio.file.Path drive);

    /** The guest's state and its reason, empty when no such guest of ours exists. */
    Optional<MachineStatus> status(InstanceName name);

    /** The guest's state, empty when no such guest of ours exists. */
    default Optional<MachineState> state(InstanceName name) {
        return status(name).map(MachineStatus::state);
    }

    /**
     * The states of those of the named guests that exist and are ours; a name without such a guest
     * is not in the map. One listing of the host, not a call per name, so listing many instances
     * costs about what listing one does.
     */
    Map<InstanceName, MachineStatus> states(Set<InstanceName> names);

    /**
     * Opens the serial console of a running guest of ours.
     *
     * @param force take the console over from another client instead of refusing
     * @throws io.virtseed.core.error.NotFoundException   when there is no such guest
     * @throws io.virtseed.core.error.HypervisorException when it is not running or the console is taken
     */
    GuestConsole openConsole(InstanceName name, boolean force);

    /**
     * Calls {@code listener} with every lifecycle change of this state folder's guests from now
     * until the returned handle is closed, on a thread of the hypervisor's. Changes of other state
     * folders' guests are not reported.
     */
    AutoCloseable watch(java.util.function.Consumer<MachineEvent> listener);

    /** Names of all guests carrying this state folder's ownership tag. */
    List<InstanceName> owned();

    /** True when the connected host offers KVM guests (its hypervisor's capabilities, not this machine's). */
    boolean kvmUsable();

    /**
     * True when the connected host has UEFI firmware (OVMF on x86) for this machine type, without
     * Secure Boot, as its domain capabilities list it.
     */
    boolean uefiAvailable(MachineType machine);

    /**
     * True when a started guest's serial console is written to its {@code consoleLog} file, so a
     * wait can watch it for cloud-init's final message. A driver that runs no guest (libvirt's test
     * driver) writes nothing there: a wait for a guest without a NIC then ends on the domain running.
     */
    default boolean logsConsole() {
        return true;
    }
}
