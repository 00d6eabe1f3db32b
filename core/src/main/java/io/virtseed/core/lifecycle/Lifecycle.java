package io.virtseed.core.lifecycle;

import io.virtseed.core.error.NotFoundException;
import io.virtseed.core.error.SpecException;
import io.virtseed.core.error.StateException;
import io.virtseed.core.image.BaseImage;
import io.virtseed.core.image.ImageStore;
import io.virtseed.core.ports.ConfigDriveWriter;
import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.ports.GuestConsole;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.ports.MachineStatus;
import io.virtseed.core.state.EventJournal;
import io.virtseed.core.ports.MetadataService;
import io.virtseed.core.provision.Provisioner;
import io.virtseed.core.provision.Step;
import io.virtseed.core.spec.BootSpec;
import io.virtseed.core.spec.Firmware;
import io.virtseed.core.spec.ImageRef;
import io.virtseed.core.spec.InstanceSpec;
import io.virtseed.core.spec.NicSpec;
import io.virtseed.core.state.Accelerator;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.state.Phase;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.state.NetworkRecord;
import io.virtseed.core.value.InstanceName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Creation, teardown and inspection of instances; {@code Virtseed} is its public face. */
public final class Lifecycle {

    private final InstanceStore store;
    private final ImageStore images;
    private final Hypervisor hypervisor;
    private final Networks networks;
    private final MetadataService metadata;
    private final InstanceSteps steps;
    private final Provisioner provisioner;
    private final Provisioner.Listener listener;

    public Lifecycle(InstanceStore store, ImageStore images, Hypervisor hypervisor, ConfigDriveWriter drives,
            Networks networks, MetadataService metadata, Provisioner.Listener listener) {
        this.store = store;
        this.images = images;
        this.hypervisor = hypervisor;
        this.networks = networks;
        this.metadata = metadata;
        this.steps = new InstanceSteps(store, images, hypervisor, drives, networks, metadata);
        this.provisioner = new Provisioner(listener);
        this.listener = listener;
    }

    /**
     * Checks what can be checked before anything is made: features this version lacks and the
     * image. A plan is checked whole first, so a bad instance stops it before any is created.
     */
    public BaseImage preflight(InstanceSpec spec) {
        checkSupported(spec);
        return resolveImage(spec.image());
    }

    /** Fails on what cannot work whatever the host; needs neither the hypervisor nor the state. */
    public static void checkSupported(InstanceSpec spec) {
        if (spec.datasource().usesHttp() && spec.networks().isEmpty()) {
            throw new SpecException("instance " + spec.name() + ": datasource '" + spec.datasource().specName()
                    + "' reads the metadata service over the network, but the instance has no NIC; give it one"
                    + " (networks:) or use configdrive, configdrive-vfat or nocloud");
        }
    }

    /**
     * Creates the instance, or converges an existing one. Everything it gets (uuid, MACs,
     * addresses, tap names) is allocated under the state lock and recorded before the first step,
     * so a failure, a later {@code down} or another process sees exactly what was taken.
     */
    public InstanceRecord up(InstanceSpec spec) {
        return up(spec, Convergence.UpOptions.DEFAULT).record().orElseThrow();
    }

    /** What one {@code up} of a spec did, or would do under {@code --dry-run}. */
    public record UpResult(InstanceName name, Optional<InstanceRecord> record, Outcome outcome,
            List<Convergence.Change> changes) {

        /** What happened to the instance. */
        public enum Outcome {
            /** Made now. */
            CREATED,
            /** It existed and matched the spec: left alone (started if it was stopped). */
            UNCHANGED,
            /** Its config drive was rebuilt and swapped. */
            UPDATED,
            /** Removed and made again, as {@code --recreate} asked. */
            RECREATED,
            /** Dry run: it does not exist and would be made. */
            WOULD_CREATE,
            /** Dry run: these changes would be applied. */
            WOULD_CHANGE
        }
    }

    /**
     * Creates the instance, or converges an existing one: what matches is left alone, what lives
     * on the config drive is changed in place (the drive rebuilt and swapped), and what shaped the
     * guest can change only with {@code recreate}; otherwise it is refused, naming each change,
     * before anything is touched.
     */
    public UpResult up(InstanceSpec spec, Convergence.UpOptions options) {
        BaseImage base = preflight(spec);
        requireFirmware(spec);
        Optional<BootSpec> boot = spec.boot().or(base::boot);
        if (options.dryRun()) {
            return dryRun(spec, base);
        }
        // the instance's own lock for all its steps, so other instances are made meanwhile; the state
        // lock only inside it, briefly, for what instances share (allocation, networks)
        try (var mine = store.lockInstance(spec.name())) {
            Optional<InstanceRecord> existing = findReachable(spec, base);
            if (existing.isPresent() && existing.get().phase() == Phase.CREATED) {
                return reconcile(existing.get(), spec, base, boot, options);
            }
            // a folder without a finished record is what a crash mid-create left: clear it first (and
            // say so then; a fresh name has nothing to clear and nothing to report). With neither, only
            // a guest of ours can be left (its folder removed by hand): "define domain" removes it first
            if (existing.isPresent() || Files.exists(store.dir(spec.name()))) {
                provisioner(spec.name()).undo(steps.steps(spec.name(), existing, Optional.empty()));
            }
            return new UpResult(spec.name(), Optional.of(create(spec, base, boot)), UpResult.Outcome.CREATED,
                    List.of());
        }
    }

    /** What {@code up} would do, changing nothing: read under the state lock, so no run is half-way through a write. */
    private UpResult dryRun(InstanceSpec spec, BaseImage base) {
        try (var lock = store.lock()) {
            Optional<InstanceRecord> existing = findReachable(spec, base);
            if (existing.isEmpty() || existing.get().phase() != Phase.CREATED) {
                return new UpResult(spec.name(), Optional.empty(), UpResult.Outcome.WOULD_CREATE, List.of());
            }
            List<Convergence.Change> changes = steps.changes(existing.get(), spec);
            return new UpResult(spec.name(), existing,
                    changes.isEmpty() ? UpResult.Outcome.UNCHANGED : UpResult.Outcome.WOULD_CHANGE, changes);
        }
    }

    /** The instance's record, with the state folder and image checked to be reachable by QEMU's user. */
    private Optional<InstanceRecord> findReachable(InstanceSpec spec, BaseImage base) {
        try (var lock = store.lock()) { // the lock also opens the state folder to the QEMU user
            GuestFileAccess.requireReachable(store.root(), "the state folder");
            GuestFileAccess.requireReachable(base.path(), "image");
            return store.find(spec.name());
        }
    }

    /**
     * Allocates and claims (folder and record) under the state lock, so concurrent runs never take
     * the same address or MAC; then applies the rest of the steps under the instance's lock alone.
     * A failure anywhere rolls back all of them, the claim too.
     */
    private InstanceRecord create(InstanceSpec spec, BaseImage base, Optional<BootSpec> boot) {
        var creation = new InstanceSteps.Creation(spec, base, boot);
        // told whose steps these are, so timings stay apart when instances are made at once
        Provisioner mine = provisioner(spec.name());
        InstanceRecord record;
        List<Step> all;
        try (var lock = store.lock()) {
            Map<String, NetworkRecord> nets = networksFor(spec);
            UUID uuid = spec.uuid().orElseGet(UUID::randomUUID);
            // the other records matter only for addresses and MACs to avoid: none to read without a NIC
            List<InstanceRecord.Nic> nics = networks.ipam().allocate(spec.name(), uuid, spec.networks(), nets,
                    spec.networks().isEmpty() ? List.of() : store.list());
            boolean kvm = switch (spec.accel()) {
                case KVM -> requireKvm(spec);
                case TCG -> false;
                case AUTO -> hypervisor.kvmUsable();
            };
            record = new InstanceRecord(InstanceRecord.CURRENT_VERSION, spec.name().value(), uuid, spec.image().text(),
                    spec.hostname(), spec.datasource(), spec.machine(), kvm ? Accelerator.KVM : Accelerator.TCG,
                    Phase.CREATING, Instant.now(), nics);
            all = steps.steps(spec.name(), Optional.of(record), Optional.of(creation));
            mine.apply(all.subList(0, InstanceSteps.CLAIMING));
        }
        mine.applyAfter(all, InstanceSteps.CLAIMING);
        return record.withPhase(Phase.CREATED);
    }

    /** A provisioner that tells the listener whose steps it runs. */
    private Provisioner provisioner(InstanceName name) {
        return new Provisioner(listener.forInstance(name));
    }

    private UpResult reconcile(InstanceRecord record, InstanceSpec spec, BaseImage base, Optional<BootSpec> boot,
            Convergence.UpOptions options) {
        InstanceName name = spec.name();
        List<Convergence.Change> changes = steps.changes(record, spec);
        if (changes.isEmpty()) {
            return new UpResult(name, Optional.of(converge(record)), UpResult.Outcome.UNCHANGED, changes);
        }
        if (options.recreate()) {
            // as down does: a crash from here on leaves a removal the next up or down finishes
            store.save(record.withPhase(Phase.DELETING));
            provisioner(name).undo(steps.steps(name, Optional.of(record), Optional.empty()));
            return new UpResult(name, Optional.of(create(spec, base, boot)), UpResult.Outcome.RECREATED, changes);
        }
        List<Convergence.Change> fixed = changes.stream().filter(c -> !c.inPlace()).toList();
        if (!fixed.isEmpty()) {
            StringBuilder b = new StringBuilder("instance " + name + " exists, and its spec changes what the guest was"
                    + " made from, which cannot change in place:");
            fixed.forEach(c -> b.append("\n  ").append(c.text()));
            b.append("\nnothing was changed; 'virtseed up --recreate' makes the guest again (its disk starts afresh),"
                    + " or put the old values back");
            throw new SpecException(b.toString());
        }
        steps.updateDrive(record, spec, options.instanceId());
        return new UpResult(name, Optional.of(converge(record)), UpResult.Outcome.UPDATED, changes);
    }

    /**
     * {@code firmware: uefi} where the connected host has no UEFI firmware: refused before anything
     * is made. On Debian and Ubuntu the firmware is the {@code ovmf} package.
     */
    private void requireFirmware(InstanceSpec spec) {
        if (spec.firmware() == Firmware.UEFI && !hypervisor.uefiAvailable(spec.machine())) {
            throw new SpecException("instance " + spec.name() + ": firmware: uefi, but the connected host has no UEFI"
                    + " firmware for machine " + spec.machine().libvirtName() + " (OVMF); install it with"
                    + " 'apt-get install ovmf' (package ovmf; edk2-ovmf on Fedora), or use firmware: bios");
        }
    }

    /** {@code accel: kvm} on a host that cannot: refused before anything is made, rather than a guest that hangs. */
    private boolean requireKvm(InstanceSpec spec) {
        if (!hypervisor.kvmUsable()) {
            throw new SpecException("instance " + spec.name() + ": accel: kvm, but the connected host offers no KVM"
                    + " (its CPU lacks vmx/svm, or libvirt's QEMU cannot open /dev/kvm: see 'virtseed doctor');"
                    + " use accel: auto or tcg");
        }
        return true;
    }

    /** The networks the spec's NICs join; {@code default} is made on first use, others must exist. */
    private Map<String, NetworkRecord> networksFor(InstanceSpec spec) {
        Map<String, NetworkRecord> out = new LinkedHashMap<>();
        for (NicSpec nic : spec.networks()) {
            if (out.containsKey(nic.network())) {
                continue;
            }
            Optional<NetworkRecord> found = networks.find(nic.network());
            if (found.isEmpty() && nic.network().equals(Networks.DEFAULT)) {
                found = Optional.of(networks.ensureDefaultLocked());
            }
            out.put(nic.network(), found.orElseThrow(() -> new SpecException("instance " + spec.name()
                    + ": network '" + nic.network() + "' does not exist; create it with 'virtseed net create "
                    + nic.network() + " --cidr CIDR' or declare it in the plan's networks:")));
        }
        return out;
    }

    /** The image a spec names, resolved; a missing one is the spec's fault (exit 2). */
    public BaseImage resolveImage(ImageRef image) {
        try {
            return images.resolve(image);
        } catch (NotFoundException e) {
            throw new SpecException(e.getMessage(), e);
        }
    }

    private InstanceRecord converge(InstanceRecord record) {
        InstanceName name = InstanceName.of(record.name());
        Optional<MachineState> state = hypervisor.state(name);
        if (state.isEmpty()) {
            throw new StateException("instance " + name + " is recorded but its domain is gone; run 'virtseed down "
                    + name + "' and 'up' again");
        }
        try (var lock = store.lock()) { // networks and the metadata service are every instance's
            // after a host reboot the networks are gone while the records stay: bring them back first
            record.networks().forEach(n -> networks.find(n).ifPresent(networks::ensureLocked));
            if (!record.nics().isEmpty()) {
                metadata.ensureServing(store.root()); // and the metadata service with them
            }
        }
        if (state.get() != MachineState.RUNNING) {
            hypervisor.start(name);
        }
        return record;
    }

    public void down(InstanceName name) {
        requireKnown(name); // before the lock: a mistyped name leaves not even a lock file
        try (var mine = store.lockInstance(name)) { // its network steps take the state lock themselves
            requireKnown(name); // again: a run that held the lock may have removed it meanwhile
            Optional<InstanceRecord> record = store.find(name);
            record.filter(r -> r.phase() == Phase.CREATED).ifPresent(r -> store.save(r.withPhase(Phase.DELETING)));
            provisioner.undo(steps.steps(name, record, Optional.empty()));
        }
    }

    private void requireKnown(InstanceName name) {
        boolean known = store.find(name).isPresent() || Files.exists(store.dir(name))
                || hypervisor.state(name).isPresent();
        if (!known) {
            throw new NotFoundException("no instance named '" + name + "'");
        }
    }

    /**
     * One thing {@link #reap} found.
     *
     * @param kind {@code instance}, {@code network folder}, or the host object's kind ({@code link},
     *             {@code namespace}, {@code iptables}, {@code process})
     * @param why  why it counts as left over, or why it is not ours
     * @param ours whether it is proven this state folder's, so reap removes it; others are only listed
     */
    public record Leftover(String kind, String name, String why, boolean ours) {
    }

    /**
     * What an interrupted {@code up} or {@code down} left in this state folder: guests tagged
     * with it that no finished record owns, instance folders with no record or one still
     * "creating", network folders with no record, and host network objects (links, namespaces,
     * iptables chains, dnsmasq) marked with this state folder for a network it has no record of.
     * Under the state lock, so nothing found is in the middle of being made. Unless
     * {@code dryRun}, each is removed (instances as {@code down} would). Other state folders'
     * guests and guests virtseed did not make are never seen; host objects with our prefix that no
     * mark proves ours are listed as not ours and left alone.
     */
    public List<Leftover> reap(boolean dryRun) {
        try (var lock = store.lock()) {
            Set<InstanceName> owned = new HashSet<>(hypervisor.owned());
            Set<InstanceName> names = new java.util.TreeSet<>(store.folderNames());
            names.addAll(owned);
            List<Leftover> out = new ArrayList<>();
            List<InstanceStore.Lock> held = new ArrayList<>();
            try {
                for (InstanceName n : names) {
                    // tried, never waited for: its holder may be waiting for the state lock we hold
                    Optional<InstanceStore.Lock> mine = store.tryLockInstance(n);
                    mine.ifPresent(held::add);
                    Optional<String> why = leftoverWhy(n, owned.contains(n));
                    if (why.isEmpty()) {
                        continue;
                    }
                    if (mine.isEmpty()) {
                        out.add(new Leftover("instance", n.value(), why.get() + "; a run making or removing it holds"
                                + " its lock now", false));
                        continue;
                    }
                    out.add(new Leftover("instance", n.value(), why.get(), true));
                    if (!dryRun) {
                        Optional<InstanceRecord> r = readable(n);
                        provisioner.undo(steps.steps(n, r, Optional.empty()));
                    }
                }
            } finally {
                held.forEach(InstanceStore.Lock::close);
            }
            // after the instances: their undo may still release a reservation on a network
            out.addAll(networks.reapLocked(dryRun));
            return out;
        }
    }

    /** Why the instance counts as left over, read under its lock; empty when it is a finished instance. */
    private Optional<String> leftoverWhy(InstanceName n, boolean hasGuest) {
        List<String> why = new ArrayList<>();
        boolean folder = Files.isDirectory(store.dir(n));
        Optional<InstanceRecord> r = Optional.empty();
        if (folder) {
            try {
                r = store.find(n);
                if (r.isEmpty()) {
                    why.add("instance folder with no record");
                } else if (r.get().phase() != Phase.CREATED) {
                    why.add("instance folder of an interrupted " + (r.get().phase() == Phase.DELETING ? "down" : "up")
                            + " (phase " + r.get().phase().text() + ")");
                }
            } catch (RuntimeException e) {
                // unreadable: the steps remove what the name alone finds
                why.add("instance folder with an unreadable record (" + e.getMessage() + ")");
            }
        }
        if (hasGuest && (!why.isEmpty() || r.isEmpty())) {
            why.add("guest with no finished instance record");
        }
        return why.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", why));
    }

    /** The record, or none when it is missing or unreadable (the undos then go by the name alone). */
    private Optional<InstanceRecord> readable(InstanceName n) {
        try {
            return store.find(n);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Every instance with its guest's state: one question to the hypervisor for all of them, and
     * none when there is no instance (so an empty {@code ls} never reaches libvirt).
     */
    public List<InstanceView> list() {
        List<InstanceRecord> records = store.list();
        if (records.isEmpty()) {
            return List.of();
        }
        Set<InstanceName> names = new HashSet<>();
        records.forEach(r -> names.add(InstanceName.of(r.name())));
        Map<InstanceName, MachineStatus> states = hypervisor.states(names);
        List<InstanceView> out = new ArrayList<>();
        for (InstanceRecord r : records) {
            InstanceName n = InstanceName.of(r.name());
            Path dir = store.dir(n);
            out.add(new InstanceView(r, Optional.ofNullable(states.get(n)), dir, new EventJournal(dir).last(n)));
        }
        return out;
    }

    public InstanceView show(InstanceName name) {
        InstanceRecord r = record(name);
        Path dir = store.dir(name);
        return new InstanceView(r, hypervisor.status(name), dir, new EventJournal(dir).last(name));
    }

    private InstanceRecord record(InstanceName name) {
        return store.find(name).orElseThrow(() -> new NotFoundException("no instance named '" + name + "'"));
    }

    /**
     * Reboots a running guest: the guest's OS is asked (ACPI) to restart, as a reset after a clean
     * shutdown. A guest that is not running is refused with what to do instead.
     */
    public void reboot(InstanceName name) {
        requireRunning(name, "reboot " + name);
        hypervisor.reboot(name);
    }

    /** An instance of ours whose guest runs; otherwise what it is, and what to do, for {@code what}. */
    private void requireRunning(InstanceName name, String what) {
        record(name);
        MachineState now = hypervisor.state(name).orElseThrow(() -> new NotFoundException("instance " + name
                + " has no guest (its domain is missing); 'virtseed up' of its spec makes it again"));
        if (now != MachineState.RUNNING) {
            throw new io.virtseed.core.error.HypervisorException("cannot " + what + ": it is "
                    + now.name().toLowerCase(java.util.Locale.ROOT) + ", not running; start it with 'virtseed start "
                    + name + "'");
        }
    }

    /**
     * The serial console of a running instance; the console log keeps being written meanwhile.
     *
     * @param force take it over from another client
     */
    public GuestConsole console(InstanceName name, boolean force) {
        requireRunning(name, "attach to the console of " + name);
        return hypervisor.openConsole(name, force);
    }

    public void start(InstanceName name) {
        show(name);
        hypervisor.start(name);
    }

    public void stop(InstanceName name, boolean force) {
        show(name);
        if (force) {
            hypervisor.destroy(name);
        } else {
            hypervisor.shutdown(name);
        }
    }

    /** How a graceful stop ended. */
    public enum StopOutcome { ALREADY_OFF, SHUT_DOWN, DESTROYED }

    /**
     * Asks the guest to shut down (ACPI) and waits up to {@code timeout} for it to be off; a guest
     * still running then is powered off, so a stop always ends with the guest off.
     */
    public StopOutcome stop(InstanceName name, Duration timeout) {
        show(name);
        if (!hypervisor.state(name).filter(s -> s != MachineState.SHUTOFF).isPresent()) {
            return StopOutcome.ALREADY_OFF;
        }
        hypervisor.shutdown(name);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!hypervisor.state(name).filter(s -> s != MachineState.SHUTOFF).isPresent()) {
                return StopOutcome.SHUT_DOWN;
            }
            if (System.nanoTime() - deadline >= 0) {
                hypervisor.destroy(name);
                return StopOutcome.DESTROYED;
            }
            try {
                Thread.sleep(STOP_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new io.virtseed.core.error.ProvisionException("stop " + name,
                        "interrupted while waiting for the guest to shut down; it may still be running", e);
            }
        }
    }

    private static final long STOP_POLL_MILLIS = 250;

    /** {@link #awaitReady}'s outcome as text; a guest that is not ready throws its explanation. */
    public String waitReady(InstanceName name, Duration timeout, Pattern ready) {
        return switch (awaitReady(name, timeout, ready)) {
            case ReadyOutcome.Ready r -> r.text();
            case ReadyOutcome.NotReady n -> throw n.toException();
        };
    }

    /** Waits for the guest's strongest sign of ready (see {@link ReadyWait}); a timeout is an outcome too. */
    public ReadyOutcome awaitReady(InstanceName name, Duration timeout, Pattern ready) {
        InstanceRecord record = show(name).record();
        return new ReadyWait(hypervisor, java.time.Clock.systemUTC(), d -> Thread.sleep(d))
                .await(record, new InstanceLayout(store.dir(name)), timeout, ready);
    }
}
