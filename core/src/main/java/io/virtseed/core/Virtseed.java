package io.virtseed.core;

import io.virtseed.core.error.ProvisionException;
import io.virtseed.core.image.BaseImage;
import io.virtseed.core.image.ImageStore;
import io.virtseed.core.lifecycle.ConsoleWatcher;
import io.virtseed.core.lifecycle.Convergence;
import io.virtseed.core.lifecycle.ReadyOutcome;
import io.virtseed.core.lifecycle.InstanceView;
import io.virtseed.core.lifecycle.Lifecycle;
import io.virtseed.core.lifecycle.Networks;
import io.virtseed.core.lifecycle.PlanRun;
import io.virtseed.core.lifecycle.SshAccess;
import io.virtseed.core.ports.ConfigDriveWriter;
import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.ports.MetadataService;
import io.virtseed.core.ports.NetworkProvisioner;
import io.virtseed.core.provision.Provisioner;
import io.virtseed.core.spec.InstanceSpec;
import io.virtseed.core.spec.NetworkSpec;
import io.virtseed.core.spec.Plan;
import io.virtseed.core.ssh.SshTarget;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.state.DeferredSecureRandom;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.state.Ipam;
import io.virtseed.core.state.NetworkRecord;
import io.virtseed.core.state.NetworkStore;
import io.virtseed.core.value.InstanceName;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The public face of virtseed for embedding: create, inspect, wait for and remove instances and
 * networks. Built with {@link #builder(Path)} (or by Guice in the CLI).
 *
 * <pre>{@code
 * Virtseed vs = Virtseed.builder(stateDir).hypervisor(hv).drives(drives).networks(net).build();
 * try (RunningInstance vm = vs.launch(spec)) {
 *     vm.waitReady(Duration.ofMinutes(5));
 * }
 * }</pre>
 */
public final class Virtseed {

    private final Lifecycle lifecycle;
    private final Networks networks;
    private final InstanceStore store;
    private final ImageStore images;
    private final SshAccess ssh;

    private Virtseed(Builder b) {
        this.store = b.store;
        this.images = b.images;
        this.networks = new Networks(store, new NetworkStore(store.root()), b.networks, new Ipam(b.random), b.clock,
                b.listener);
        this.lifecycle = new Lifecycle(store, images, b.hypervisor, b.drives, networks, b.metadata, b.listener);
        this.ssh = new SshAccess(store, networks, b.hypervisor);
    }

    public static Builder builder(InstanceStore store, ImageStore images) {
        return new Builder(store, images);
    }

    /** Creates the instance, or converges an existing one (starts it when stopped). */
    public InstanceRecord up(InstanceSpec spec) {
        return lifecycle.up(spec);
    }

    /**
     * Creates a plan: its networks first (owned by {@code owner}, the plan file), then its
     * instances. Returns the instances' records in plan order.
     */
    public List<InstanceRecord> up(Plan plan, Optional<String> owner) {
        List<InstanceRecord> out = new ArrayList<>();
        up(plan, owner, Convergence.UpOptions.DEFAULT).forEach(r -> out.add(r.record().orElseThrow()));
        return out;
    }

    /**
     * Creates or converges a plan: its networks first (owned by {@code owner}, the plan file;
     * a dry run makes none), then its instances at once, each as
     * {@link #up(InstanceSpec, Convergence.UpOptions)}. When any fails, the first failure is thrown
     * (the others' attached as suppressed) once all have ended; the rest stand.
     */
    public List<Lifecycle.UpResult> up(Plan plan, Optional<String> owner, Convergence.UpOptions options) {
        List<Lifecycle.UpResult> out = new ArrayList<>();
        RuntimeException failed = null;
        for (PlanRun.Outcome o : upEach(plan, owner, options, PlanRun.DEFAULT_PARALLELISM)) {
            switch (o) {
                case PlanRun.Outcome.Done d -> out.add(d.result());
                case PlanRun.Outcome.Failed f -> {
                    if (failed == null) {
                        failed = f.error();
                    } else {
                        failed.addSuppressed(f.error());
                    }
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
        return out;
    }

    /**
     * Creates or converges a plan as {@link #up(Plan, Optional, Convergence.UpOptions)} does, with
     * at most {@code parallelism} instances made at once, and returns each instance's outcome in
     * plan order: a failed one was rolled back alone. The whole plan is checked first, so a bad
     * instance stops it before anything is made.
     */
    public List<PlanRun.Outcome> upEach(Plan plan, Optional<String> owner, Convergence.UpOptions options,
            int parallelism) {
        plan.instances().forEach(lifecycle::preflight);
        if (!options.dryRun() && !plan.networks().isEmpty()) {
            try (var lock = store.lock()) {
                for (NetworkSpec n : plan.networks()) {
                    networks.createLocked(n, owner);
                }
            }
        }
        return new PlanRun(lifecycle, parallelism).up(plan.instances(), options);
    }

    /** Creates the instance or converges it as {@code options} say; see {@link Lifecycle#up(InstanceSpec, Convergence.UpOptions)}. */
    public Lifecycle.UpResult up(InstanceSpec spec, Convergence.UpOptions options) {
        return lifecycle.up(spec, options);
    }

    /**
     * Removes a plan's instances, then the networks that plan made (when no other instance uses
     * them). Instances already gone are skipped.
     */
    public void down(Plan plan, Optional<String> owner) {
        for (InstanceSpec spec : plan.instances()) {
            if (store.find(spec.name()).isPresent() || java.nio.file.Files.exists(store.dir(spec.name()))) {
                lifecycle.down(spec.name());
            }
        }
        try (var lock = store.lock()) {
            for (NetworkSpec n : plan.networks()) {
                Optional<NetworkRecord> r = networks.find(n.name());
                if (r.isPresent() && r.get().owner().equals(owner) && networks.users(n.name()).isEmpty()) {
                    networks.removeLocked(r.get());
                } else if (r.isEmpty()) {
                    networks.dropFolderLocked(n.name()); // a removal killed after the record went
                }
            }
        }
    }

    /** Checks a spec without making anything: unsupported features, the image. */
    public void preflight(InstanceSpec spec) {
        lifecycle.preflight(spec);
    }

    /**
     * Creates the instance, or converges one that already exists, and returns a handle on it. The
     * handle owns the instance ({@code close()} removes it) only when this call created it: an
     * instance someone else made (or an earlier {@code up}) is left alone.
     */
    public RunningInstance launch(InstanceSpec spec) {
        Lifecycle.UpResult result = lifecycle.up(spec, Convergence.UpOptions.DEFAULT);
        return new RunningInstance(this, result.record().orElseThrow(),
                result.outcome() == Lifecycle.UpResult.Outcome.CREATED);
    }

    /** Removes the instance: domain, disks, drive, address reservations and folder. */
    public void down(InstanceName name) {
        lifecycle.down(name);
    }

    public List<InstanceView> list() {
        return lifecycle.list();
    }

    public InstanceView show(InstanceName name) {
        return lifecycle.show(name);
    }

    public void start(InstanceName name) {
        lifecycle.start(name);
    }

    /** Restarts a running instance's guest; refused when it is not running. */
    public void reboot(InstanceName name) {
        lifecycle.reboot(name);
    }

    /** The serial console of a running instance; close it when done. */
    public io.virtseed.core.ports.GuestConsole console(InstanceName name, boolean force) {
        return lifecycle.console(name, force);
    }

    /**
     * How to reach a running instance with the system {@code ssh}: see {@link SshAccess#target};
     * {@link SshTarget#argv} gives the argument list to run.
     */
    public SshTarget ssh(InstanceName name, Optional<String> user, boolean acceptNewHostKey) {
        return ssh.target(name, user, acceptNewHostKey);
    }

    /** The lifecycle changes recorded for an instance, oldest first. */
    public List<io.virtseed.core.ports.MachineEvent> events(InstanceName name) {
        return new io.virtseed.core.state.EventJournal(lifecycle.show(name).dir()).read(name);
    }

    public void stop(InstanceName name, boolean force) {
        lifecycle.stop(name, force);
    }

    /** ACPI shutdown, then a power-off when the guest is still running after {@code timeout}. */
    public Lifecycle.StopOutcome stop(InstanceName name, Duration timeout) {
        return lifecycle.stop(name, timeout);
    }

    /**
     * Waits as {@link #awaitReady} does and says how the guest became ready ({@code phone-home at
     * ...}, {@code console marker at ...: LINE}, {@code domain running at ...}).
     *
     * @throws ProvisionException on timeout or when the guest stops first; the message holds the
     *         state, whether the guest fetched its metadata and the console tail
     */
    public String waitReady(InstanceName name, Duration timeout) {
        return lifecycle.waitReady(name, timeout, ConsoleWatcher.CLOUD_INIT_FINISHED);
    }

    /**
     * Waits for the guest's strongest sign of ready: phone-home for a guest with a NIC, else
     * cloud-init's final message on the console, else the domain running. A timeout or a stopped
     * guest is a {@link ReadyOutcome.NotReady} holding what explains it.
     */
    public ReadyOutcome awaitReady(InstanceName name, Duration timeout) {
        return lifecycle.awaitReady(name, timeout, ConsoleWatcher.CLOUD_INIT_FINISHED);
    }

    /** See {@link Lifecycle#reap}: what interrupted runs left, removed unless {@code dryRun}. */
    public List<Lifecycle.Leftover> reap(boolean dryRun) {
        return lifecycle.reap(dryRun);
    }

    public BaseImage resolveImage(String image) {
        return lifecycle.resolveImage(io.virtseed.core.spec.ImageRef.ofText(image));
    }

    /** Networks: create, list, show, remove. */
    public Networks networks() {
        return networks;
    }

    public ImageStore images() {
        return images;
    }

    public InstanceStore store() {
        return store;
    }

    /** Assembles a {@link Virtseed}; the hypervisor and the drive writer are required. */
    public static final class Builder {
        private final InstanceStore store;
        private final ImageStore images;
        private Hypervisor hypervisor;
        private ConfigDriveWriter drives;
        private NetworkProvisioner networks;
        private MetadataService metadata = MetadataService.NONE;
        private Provisioner.Listener listener = step -> { };
        private RandomGenerator random = new DeferredSecureRandom(); // only a NIC's MAC draws from it
        private Clock clock = Clock.systemUTC();

        private Builder(InstanceStore store, ImageStore images) {
            this.store = Objects.requireNonNull(store, "store");
            this.images = Objects.requireNonNull(images, "images");
        }

        public Builder hypervisor(Hypervisor h) {
            this.hypervisor = h;
            return this;
        }

        public Builder drives(ConfigDriveWriter d) {
            this.drives = d;
            return this;
        }

        /** How networks are made on the host; without one, an instance with a NIC fails to create. */
        public Builder networks(NetworkProvisioner n) {
            this.networks = n;
            return this;
        }

        /** Keeps the metadata service running for guests with a NIC; by default nothing is started. */
        public Builder metadata(MetadataService m) {
            this.metadata = Objects.requireNonNull(m, "metadata");
            return this;
        }

        /** Told the name of each step as it starts. */
        public Builder listener(Provisioner.Listener l) {
            this.listener = l;
            return this;
        }

        /** The source of MACs and network ids (a seeded one makes tests repeatable). */
        public Builder random(RandomGenerator r) {
            this.random = r;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        public Virtseed build() {
            Objects.requireNonNull(hypervisor, "hypervisor");
            Objects.requireNonNull(drives, "drives");
            if (networks == null) {
                networks = NoNetworks.INSTANCE;
            }
            return new Virtseed(this);
        }
    }
}
