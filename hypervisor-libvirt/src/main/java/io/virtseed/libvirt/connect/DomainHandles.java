package io.virtseed.libvirt.connect;

import io.virtseed.core.ports.MachineState;
import org.libvirt.Domain;
import org.libvirt.DomainInfo.DomainState;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Small helpers around libvirt-java's {@link Domain} handles. */
final class DomainHandles {

    private static final Logger LOG = LoggerFactory.getLogger(DomainHandles.class);
    // virDomainUndefineFlagsValues; libvirt-java 0.5.4 lacks the NVRAM one
    private static final int UNDEFINE_MANAGED_SAVE = 1;
    private static final int UNDEFINE_SNAPSHOTS_METADATA = 2;
    private static final int UNDEFINE_NVRAM = 4;

    private DomainHandles() {
    }

    /** A libvirt call without a result. */
    @FunctionalInterface
    interface LibvirtVoid {
        void run() throws LibvirtException;
    }

    /** Releases the native handle now rather than at finalization, which is unsynchronized and going away. */
    static void free(Domain dom) {
        try {
            dom.free();
        } catch (LibvirtException e) {
            LOG.debug("freeing a domain handle failed: {}", e.getMessage());
        }
    }

    /** Runs a stop call; "not running" means the domain stopped between our check and the call, which is the goal. */
    /**
     * Runs a call that makes libvirt apply a NIC's nwfilter rules, again up to twice when the
     * firewall refused them: ebtables and iptables on nf_tables fail a change when another
     * program changed the ruleset at the same moment ("Failed to apply firewall rules"), which a
     * second try a moment later does not meet.
     */
    static void retryingFirewall(LibvirtVoid call) throws LibvirtException {
        for (int attempt = 1; ; attempt++) {
            try {
                call.run();
                return;
            } catch (LibvirtException e) {
                String msg = String.valueOf(e.getMessage());
                if (attempt >= 3 || !msg.contains("Failed to apply firewall rules")) {
                    throw e;
                }
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static void ignoreInvalidState(LibvirtVoid call) throws LibvirtException {
        try {
            call.run();
        } catch (LibvirtException e) {
            if (!LibvirtErrors.isInvalidInState(e)) {
                throw e;
            }
        }
    }

    /**
     * Undefines with the managed-save image, snapshot metadata and NVRAM, so nothing is left behind.
     * Drivers that do not know a flag refuse the whole call (libvirt's test driver has no NVRAM),
     * so it is retried without NVRAM.
     */
    static void undefineEverything(Domain dom) throws LibvirtException {
        try {
            dom.undefine(UNDEFINE_MANAGED_SAVE | UNDEFINE_SNAPSHOTS_METADATA | UNDEFINE_NVRAM);
        } catch (LibvirtException e) {
            if (!LibvirtErrors.isUnsupportedFlag(e)) {
                throw e;
            }
            dom.undefine(UNDEFINE_MANAGED_SAVE | UNDEFINE_SNAPSHOTS_METADATA);
        }
    }

    static MachineState toMachineState(DomainState state) {
        return switch (state) {
            // blocked waits on a resource and shutdown is still on its way down: both still run
            case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED, VIR_DOMAIN_SHUTDOWN -> MachineState.RUNNING;
            case VIR_DOMAIN_PAUSED -> MachineState.PAUSED;
            case VIR_DOMAIN_SHUTOFF -> MachineState.SHUTOFF;
            case VIR_DOMAIN_CRASHED -> MachineState.CRASHED;
            case VIR_DOMAIN_NOSTATE, VIR_DOMAIN_PMSUSPENDED -> MachineState.OTHER;
        };
    }
}
