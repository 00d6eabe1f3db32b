package io.virtseed.core.state;

import io.virtseed.core.spec.Datasource;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.MacAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What virtseed remembers of one instance ({@code instance.json}): its identity and everything
 * allocated for it. Undo steps read this record, never the spec, so {@code down} works after the
 * spec file is gone or edited. No secrets: the password and user data live only in the drive and
 * the saved metadata (both 0600).
 */
public record InstanceRecord(int version, String name, UUID uuid, String image, String hostname, Datasource datasource,
        MachineType machine, Accelerator accel, Phase phase, Instant created, List<Nic> nics) {

    public static final int CURRENT_VERSION = 2;

    public InstanceRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(phase, "phase");
        nics = nics == null ? List.of() : List.copyOf(nics);
    }

    public InstanceRecord withPhase(Phase newPhase) {
        return new InstanceRecord(version, name, uuid, image, hostname, datasource, machine, accel, newPhase, created,
                nics);
    }

    /** The networks this instance's NICs are on, in NIC order, each once. */
    public List<String> networks() {
        return nics.stream().map(Nic::network).distinct().toList();
    }

    /**
     * A NIC as allocated.
     *
     * @param ip   the IPv4 address: reserved in DHCP, or configured statically
     * @param ip6  the SLAAC address on a network with an IPv6 prefix
     * @param tap  the host-side tap device name ({@code vs...}, at most 15 characters)
     * @param dhcp false: the guest is told the address statically
     */
    public record Nic(String network, MacAddress mac, Optional<IpAddress> ip, Optional<IpAddress> ip6, String tap,
            boolean dhcp) {

        public Nic {
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(mac, "mac");
            ip = ip == null ? Optional.empty() : ip;
            ip6 = ip6 == null ? Optional.empty() : ip6;
            Objects.requireNonNull(tap, "tap");
        }
    }
}
