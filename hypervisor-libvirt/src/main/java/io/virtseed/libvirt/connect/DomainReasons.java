package io.virtseed.libvirt.connect;

import io.virtseed.core.ports.MachineState;
import io.virtseed.core.ports.MachineStatus;
import java.util.List;
import java.util.Locale;

/**
 * libvirt's numeric domain states and reasons ({@code virDomainState} and the
 * {@code virDomain*Reason} enums) in the words {@code virsh domstate --reason} uses, hyphenated.
 */
final class DomainReasons {

    private static final List<String> RUNNING = List.of("unknown", "booted", "migrated", "restored", "from-snapshot",
            "unpaused", "migration-canceled", "save-canceled", "wakeup", "crashed", "post-copy", "post-copy-failed");
    private static final List<String> PAUSED = List.of("unknown", "user", "migrating", "saving", "dumping",
            "io-error", "watchdog", "from-snapshot", "shutting-down", "creating-snapshot", "crashed", "starting-up",
            "post-copy", "post-copy-failed", "api-error");
    private static final List<String> SHUTOFF = List.of("unknown", "shutdown", "destroyed", "crashed", "migrated",
            "saved", "failed", "from-snapshot", "daemon");
    private static final List<String> CRASHED = List.of("unknown", "panicked");

    private DomainReasons() {
    }

    /** A state and reason as {@code virDomainGetState} returns them. */
    static MachineStatus status(int state, int reason) {
        return switch (state) {
            // blocked waits on a resource and shutdown is still on its way down: both still run
            case 1, 2 -> new MachineStatus(MachineState.RUNNING, word(RUNNING, reason));
            case 3 -> new MachineStatus(MachineState.PAUSED, word(PAUSED, reason));
            case 4 -> new MachineStatus(MachineState.RUNNING, "shutting-down");
            case 5 -> new MachineStatus(MachineState.SHUTOFF, word(SHUTOFF, reason));
            case 6 -> new MachineStatus(MachineState.CRASHED, word(CRASHED, reason));
            case 7 -> new MachineStatus(MachineState.OTHER, "pmsuspended");
            default -> new MachineStatus(MachineState.OTHER, MachineStatus.UNKNOWN);
        };
    }

    /** An event type's or detail's enum constant from libvirt-java, as an event word. */
    static String word(Enum<?> constant) {
        return constant == null ? MachineStatus.UNKNOWN : constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String word(List<String> words, int reason) {
        return reason >= 0 && reason < words.size() ? words.get(reason) : MachineStatus.UNKNOWN;
    }
}
