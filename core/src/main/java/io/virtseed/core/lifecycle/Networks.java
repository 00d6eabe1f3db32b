package io.virtseed.core.lifecycle;

import io.virtseed.core.error.NotFoundException;
import io.virtseed.core.error.ProvisionException;
import io.virtseed.core.error.SpecException;
import io.virtseed.core.error.StateException;
import io.virtseed.core.ports.DhcpHost;
import io.virtseed.core.ports.HostObject;
import io.virtseed.core.ports.NetworkContext;
import io.virtseed.core.ports.NetworkProvisioner;
import io.virtseed.core.provision.Provisioner;
import io.virtseed.core.provision.Step;
import io.virtseed.core.spec.NetworkMode;
import io.virtseed.core.spec.NetworkSpec;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.state.Ipam;
import io.virtseed.core.state.NetworkRecord;
import io.virtseed.core.state.NetworkStore;
import io.virtseed.core.value.Ipv4Cidr;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Networks as objects: create (idempotent for the same definition), list, show, remove (refused
 * while instances use it). A network is shared: it outlives the instances on it and is removed
 * only when none uses it. Methods that change state take the state lock themselves; the
 * {@code ...Locked} ones are for callers that already hold it.
 *
 * <pre>{@code NetworkRecord lab = networks.create(NetworkSpec.of("lab", Ipv4Cidr.parse("10.88.0.0/24"), NAT), Optional.empty());}</pre>
 */
public final class Networks {

    /** The network a spec gets when it names none. */
    public static final String DEFAULT = "default";
    /** Where the default network may go, first free wins: ranges rarely used by home networks. */
    private static final List<Ipv4Cidr> DEFAULT_CANDIDATES = candidates();

    private final InstanceStore instances;
    private final NetworkStore store;
    private final NetworkProvisioner provisioner;
    private final Ipam ipam;
    private final Clock clock;
    private final Provisioner steps;

    public Networks(InstanceStore instances, NetworkStore store, NetworkProvisioner provisioner, Ipam ipam, Clock clock,
            Provisioner.Listener listener) {
        this.instances = instances;
        this.store = store;
        this.provisioner = provisioner;
        this.ipam = ipam;
        this.clock = clock;
        this.steps = new Provisioner(listener);
    }

    public NetworkRecord create(NetworkSpec spec, Optional<String> owner) {
        try (var lock = instances.lock()) {
            return createLocked(spec, owner);
        }
    }

    /**
     * Makes the network, or ensures an existing one with the same definition is up. A different
     * definition under the same name is an error; so is a range that overlaps another network.
     */
    public NetworkRecord createLocked(NetworkSpec spec, Optional<String> owner) {
        Optional<NetworkRecord> existing = store.find(spec.name());
        if (existing.isPresent()) {
            if (!existing.get().spec().equals(spec)) {
                throw new SpecException("network '" + spec.name() + "' exists with another definition ("
                        + describe(existing.get().spec()) + "); remove it first with 'virtseed net rm " + spec.name()
                        + "' or use another name");
            }
            ensureLocked(existing.get());
            return existing.get();
        }
        List<NetworkRecord> all = store.list();
        for (NetworkRecord other : all) {
            if (other.cidr().overlaps(spec.cidr()) && spec.mode() != NetworkMode.BRIDGED) {
                throw new SpecException("network '" + spec.name() + "': " + spec.cidr() + " overlaps network '"
                        + other.name() + "' (" + other.cidr() + ")");
            }
        }
        if (spec.mode() == NetworkMode.NAT) {
            for (Ipv4Cidr route : provisioner.hostRoutes()) {
                if (route.prefix() > 0 && route.overlaps(spec.cidr())) {
                    throw new SpecException("network '" + spec.name() + "': " + spec.cidr()
                            + " overlaps the host's route to " + route + "; pick a free range");
                }
            }
        }
        String id = ipam.networkId(all.stream().map(NetworkRecord::id).collect(Collectors.toSet()));
        NetworkRecord record = new NetworkRecord(NetworkRecord.CURRENT_VERSION, id, spec, owner, clock.instant());
        NetworkContext ctx = context(record);
        List<String> problems = provisioner.hostProblems(ctx);
        if (!problems.isEmpty()) {
            throw new ProvisionException("create network " + spec.name(), "this host cannot run it:\n  - "
                    + String.join("\n  - ", problems), null);
        }
        steps.apply(steps(record));
        return record;
    }

    /**
     * Making a network and, undone in reverse, removing it: the record is written before anything
     * is made on the host and deleted only after all of it is gone, so a run killed at any point
     * leaves a record through which the next run finds what is left.
     */
    private List<Step> steps(NetworkRecord record) {
        NetworkContext ctx = context(record);
        String name = record.name();
        return List.of(
                Step.of("record network " + name, () -> store.save(record), () -> store.delete(name)),
                // a failed removal keeps the record: without it nothing would name what is left
                Step.of("set up network " + name, () -> provisioner.ensure(ctx, List.of()), () -> provisioner.remove(ctx))
                        .stopsRollbackIfUndoFails("virtseed net rm " + name));
    }

    /** The default network, made on first use in a range no host route or other network uses. */
    public NetworkRecord ensureDefaultLocked() {
        Optional<NetworkRecord> existing = store.find(DEFAULT);
        if (existing.isPresent()) {
            return existing.get();
        }
        List<Ipv4Cidr> taken = new ArrayList<>(provisioner.hostRoutes().stream().filter(r -> r.prefix() > 0).toList());
        store.list().forEach(n -> taken.add(n.cidr()));
        Ipv4Cidr free = DEFAULT_CANDIDATES.stream().filter(c -> taken.stream().noneMatch(t -> t.overlaps(c)))
                .findFirst().orElseThrow(() -> new StateException("no free range for the default network: every"
                        + " candidate overlaps a host route; create it yourself with 'virtseed net create default"
                        + " --cidr CIDR'"));
        return createLocked(NetworkSpec.of(DEFAULT, free, NetworkMode.ISOLATED), Optional.empty());
    }

    /** Brings a recorded network up with the reservations of the instances on it (idempotent). */
    public void ensureLocked(NetworkRecord record) {
        provisioner.ensure(context(record), hosts(record.name(), instances.list()));
    }

    /** Removes the network from the host and the state; refused while an instance uses it. */
    public void remove(String name) {
        try (var lock = instances.lock()) {
            Optional<NetworkRecord> record = store.find(name);
            if (record.isEmpty() && dropFolderLocked(name)) {
                return; // the end of a removal that was killed after its record went
            }
            removeLocked(record.orElseThrow(() -> new NotFoundException("no network named '" + name + "'")));
        }
    }

    /**
     * Removes the folder of a network that has no record (what a removal killed after deleting the
     * record leaves); true when there was one.
     */
    public boolean dropFolderLocked(String name) {
        if (store.find(name).isPresent() || !store.folderNames().contains(name)) {
            return false;
        }
        store.delete(name);
        return true;
    }

    public void removeLocked(NetworkRecord record) {
        List<String> users = users(record.name());
        if (!users.isEmpty()) {
            throw new StateException("network '" + record.name() + "' is used by " + String.join(", ", users)
                    + "; remove " + (users.size() == 1 ? "that instance" : "those instances") + " first ('virtseed down "
                    + String.join(" ", users) + "')");
        }
        this.steps.undo(steps(record));
    }

    /**
     * The network part of {@code reap}, under the state lock: host objects marked with this state
     * folder whose network has no record here, and network folders with no record; unless
     * {@code dryRun} they are removed. Objects another state folder marked, or that no mark ties to
     * any, are listed as not ours and left alone, whatever their name says.
     */
    List<Lifecycle.Leftover> reapLocked(boolean dryRun) {
        List<NetworkRecord> records = store.list();
        Set<String> live = records.stream().map(NetworkRecord::id).collect(Collectors.toSet());
        Set<String> names = records.stream().map(NetworkRecord::name).collect(Collectors.toSet());
        List<Lifecycle.Leftover> out = new ArrayList<>();
        for (HostObject o : provisioner.hostObjects(instances.root())) {
            boolean recorded = live.contains(o.networkId());
            String id = o.networkId().isEmpty() ? "" : " (network id " + o.networkId() + ")";
            switch (o.owner()) {
                case THIS_STATE -> {
                    if (!recorded) {
                        out.add(new Lifecycle.Leftover(o.kind(), o.name(), "made by this state folder" + id
                                + " for a network it has no record of", true));
                    }
                }
                case OTHER_STATE -> out.add(new Lifecycle.Leftover(o.kind(), o.name(),
                        "not ours, left alone: marked by another state folder" + id, false));
                case UNPROVEN -> {
                    // a network recorded here that was made before objects were marked is still ours
                    if (!recorded) {
                        out.add(new Lifecycle.Leftover(o.kind(), o.name(),
                                "not ours, left alone: no mark ties it to this state folder" + id, false));
                    }
                }
            }
        }
        List<String> folders = store.folderNames().stream().filter(n -> !names.contains(n)).toList();
        folders.forEach(n -> out.add(new Lifecycle.Leftover("network folder", store.dir(n).toString(),
                "network folder with no record", true)));
        if (!dryRun) {
            provisioner.removeStrays(instances.root(), live);
            folders.forEach(store::delete);
        }
        return out;
    }

    public NetworkProvisioner provisioner() {
        return provisioner;
    }

    Ipam ipam() {
        return ipam;
    }

    public List<NetworkRecord> list() {
        return store.list();
    }

    public Optional<NetworkRecord> find(String name) {
        return store.find(name);
    }

    /** Names of the instances with a NIC on the network. */
    public List<String> users(String network) {
        return instances.list().stream().filter(r -> r.networks().contains(network)).map(InstanceRecord::name).toList();
    }

    public NetworkContext context(NetworkRecord record) {
        return new NetworkContext(record, store.dir(record.name()));
    }

    /** The DHCP reservations of a network: every recorded NIC on it with an IPv4 address. */
    static List<DhcpHost> hosts(String network, List<InstanceRecord> records) {
        List<DhcpHost> out = new ArrayList<>();
        for (InstanceRecord r : records) {
            for (InstanceRecord.Nic n : r.nics()) {
                if (n.network().equals(network) && n.ip().isPresent()) {
                    out.add(new DhcpHost(n.mac(), n.ip().get(), r.name()));
                }
            }
        }
        return out;
    }

    static String describe(NetworkSpec s) {
        StringBuilder b = new StringBuilder(s.mode().name().toLowerCase(java.util.Locale.ROOT)).append(' ')
                .append(s.cidr());
        s.cidr6().ifPresent(p -> b.append(' ').append(p));
        s.bridge().ifPresent(br -> b.append(" bridge ").append(br));
        if (!s.dns().isEmpty()) {
            b.append(" dns ").append(s.dns().stream().map(Object::toString).collect(Collectors.joining(",")));
        }
        s.domain().ifPresent(d -> b.append(" domain ").append(d));
        s.mtu().ifPresent(m -> b.append(" mtu ").append(m));
        if (!s.ntp().isEmpty()) {
            b.append(" ntp ").append(s.ntp().stream().map(Object::toString).collect(Collectors.joining(",")));
        }
        return b.toString();
    }

    private static List<Ipv4Cidr> candidates() {
        List<Ipv4Cidr> out = new ArrayList<>();
        for (int third = 77; third < 100; third++) {
            out.add(Ipv4Cidr.parse("10.231." + third + ".0/24"));
        }
        for (int second = 16; second < 32; second++) {
            out.add(Ipv4Cidr.parse("172." + second + ".231.0/24"));
        }
        return List.copyOf(out);
    }
}
