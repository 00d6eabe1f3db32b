package io.virtseed.core.state;

import io.virtseed.core.spec.NetworkMode;
import io.virtseed.core.spec.NetworkSpec;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.Ipv4Cidr;
import io.virtseed.core.value.Ipv6Prefix;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A network virtseed made ({@code networks/NAME/network.json}): what was asked, the short id
 * every host-side name derives from, and who asked (a plan file, or {@code net create}).
 * Host names, all with our {@code vs} prefix and within the kernel's 15 characters:
 * bridge and namespace {@code vs-ID}, veth {@code vs-ID-h} (bridge side) / {@code vs-ID-n}
 * (namespace side), iptables chains {@code VS-ID-...}.
 *
 * @param id    6 lower-case hex digits, unique among this state folder's networks
 * @param owner the plan file that created it, empty for {@code net create} and the default network
 */
public record NetworkRecord(int version, String id, NetworkSpec spec, Optional<String> owner, Instant created) {

    public static final int CURRENT_VERSION = 1;
    /** The port the metadata service listens on inside each network's namespace (nova's port). */
    public static final int METADATA_PORT = 8775;
    public static final IpAddress METADATA_V4 = IpAddress.parse("169.254.169.254");
    public static final IpAddress METADATA_V6 = IpAddress.parse("fe80::a9fe:a9fe");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{6}");

    public NetworkRecord {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid network id '" + id + "': 6 lower-case hex digits");
        }
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(created, "created");
    }

    public String name() {
        return spec.name();
    }

    public NetworkMode mode() {
        return spec.mode();
    }

    public Ipv4Cidr cidr() {
        return spec.cidr();
    }

    /** The bridge guests plug into: ours, or the existing one a bridged network joins. */
    public String bridge() {
        return spec.bridge().orElse("vs-" + id);
    }

    /** True when virtseed made the bridge and removes it with the network. */
    public boolean ownsBridge() {
        return spec.mode() != NetworkMode.BRIDGED;
    }

    public String namespace() {
        return "vs-" + id;
    }

    public String vethHost() {
        return "vs-" + id + "-h";
    }

    public String vethNamespace() {
        return "vs-" + id + "-n";
    }

    /** Prefix of this network's iptables chains, like {@code VS-1A2B3C}. */
    public String chainPrefix() {
        return "VS-" + id.toUpperCase(Locale.ROOT);
    }

    public IpAddress gatewayAddress() {
        return spec.gatewayAddress();
    }

    public Optional<IpAddress> router() {
        return spec.router();
    }

    public IpAddress serviceAddress() {
        return spec.serviceAddress();
    }

    /** The namespace's address in the IPv6 prefix ({@code ::2}). */
    public Optional<IpAddress> serviceAddress6() {
        return spec.cidr6().map(p -> p.withHost(2));
    }

    public Optional<Ipv6Prefix> cidr6() {
        return spec.cidr6();
    }

    /** Addresses no guest may take: see {@link NetworkSpec#reserved}. */
    public boolean reserved(IpAddress a) {
        return spec.reserved(a);
    }
}
