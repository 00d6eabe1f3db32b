package io.virtseed.core.state;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What virtseed remembers of one instance ({@code instance.json}). No secrets: the password
 * and user data live only in the drive and the spec.
 *
 * @param phase where provisioning stands: {@code creating}, {@code created}
 */
public record InstanceRecord(int version, String name, UUID uuid, String image, String hostname, String datasource,
        String machine, String accel, String phase, Instant created, List<Nic> nics) {

    public static final int CURRENT_VERSION = 1;

    public InstanceRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        nics = nics == null ? List.of() : List.copyOf(nics);
    }

    public InstanceRecord withPhase(String newPhase) {
        return new InstanceRecord(version, name, uuid, image, hostname, datasource, machine, accel, newPhase, created,
                nics);
    }

    /** A NIC as allocated: network, MAC and IPv4 address (empty when none). */
    public record Nic(String network, String mac, String ip) {
    }
}
