package io.virtseed.core.lifecycle;

import io.virtseed.core.error.NotFoundException;
import io.virtseed.core.error.ProvisionException;
import io.virtseed.core.error.SpecException;
import io.virtseed.core.error.StateException;
import io.virtseed.core.image.BaseImage;
import io.virtseed.core.image.ImageStore;
import io.virtseed.core.ports.ConfigDriveWriter;
import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.provision.Provisioner;
import io.virtseed.core.spec.BootSpec;
import io.virtseed.core.spec.InstanceSpec;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.value.InstanceName;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Creation, teardown and inspection of instances; {@code Virtseed} is its public face. */
public final class Lifecycle {

    private final InstanceStore store;
    private final ImageStore images;
    private final Hypervisor hypervisor;
    private final InstanceSteps steps;
    private final Provisioner provisioner;

    public Lifecycle(InstanceStore store, ImageStore images, Hypervisor hypervisor, ConfigDriveWriter drives,
            Provisioner.Listener listener) {
        this.store = store;
        this.images = images;
        this.hypervisor = hypervisor;
        this.steps = new InstanceSteps(store, images, hypervisor, drives);
        this.provisioner = new Provisioner(listener);
    }

    /**
     * Checks what can be checked before anything is made: features this version lacks and the
     * image. A plan is checked whole first, so a bad instance stops it before any is created.
     */
    public BaseImage preflight(InstanceSpec spec) {
        checkSupported(spec);
        return resolveImage(spec.image());
    }

    /** Fails on what this version cannot do yet; needs neither the hypervisor nor the state. */
    public static void checkSupported(InstanceSpec spec) {
        if (!spec.networks().isEmpty()) {
            throw new SpecException("instance " + spec.name() + ": networks are not supported by this version yet;"
                    + " remove the networks: list (the guest boots without a NIC)");
        }
        if (spec.datasource().usesHttp()) {
            throw new SpecException("instance " + spec.name() + ": datasource '" + spec.datasource().specName()
                    + "' needs the metadata service, which this version does not run yet; use configdrive,"
                    + " configdrive-vfat or nocloud");
        }
    }

    public InstanceRecord up(InstanceSpec spec) {
        BaseImage base = preflight(spec);
        Optional<BootSpec> boot = spec.boot().or(base::boot);
        try (var lock = store.lock()) { // the lock also opens the state folder to the QEMU user
            GuestFileAccess.requireReachable(store.root(), "the state folder");
            GuestFileAccess.requireReachable(base.path(), "image");
            Optional<InstanceRecord> existing = store.find(spec.name());
            if (existing.isPresent() && "created".equals(existing.get().phase())) {
                return converge(existing.get());
            }
            // a folder without a finished record is what a crash mid-create left: clear it first
            provisioner.undo(steps.steps(spec.name(), Optional.empty()));
            boolean kvm = switch (spec.accel()) {
                case KVM -> requireKvm(spec);
                case TCG -> false;
                case AUTO -> hypervisor.kvmUsable();
            };
            var record = new InstanceRecord(InstanceRecord.CURRENT_VERSION, spec.name().value(), UUID.randomUUID(),
                    spec.image(), spec.hostname(), spec.datasource().specName(),
                    spec.machine().libvirtName(), kvm ? "kvm" : "tcg", "creating", Instant.now(), List.of());
            var creation = new InstanceSteps.Creation(spec, record, base, boot, kvm);
            provisioner.apply(steps.steps(spec.name(), Optional.of(creation)));
            return record.withPhase("created");
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

    private BaseImage resolveImage(String image) {
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
        if (state.get() != MachineState.RUNNING) {
            hypervisor.start(name);
        }
        return record;
    }

    public void down(InstanceName name) {
        try (var lock = store.lock()) {
            boolean known = store.find(name).isPresent() || Files.exists(store.dir(name))
                    || hypervisor.state(name).isPresent();
            if (!known) {
                throw new NotFoundException("no instance named '" + name + "'");
            }
            provisioner.undo(steps.steps(name, Optional.empty()));
        }
    }

    public List<InstanceView> list() {
        List<InstanceView> out = new ArrayList<>();
        for (InstanceRecord r : store.list()) {
            InstanceName n = InstanceName.of(r.name());
            out.add(new InstanceView(r, hypervisor.state(n), store.dir(n)));
        }
        return out;
    }

    public InstanceView show(InstanceName name) {
        InstanceRecord r = store.find(name).orElseThrow(() -> new NotFoundException("no instance named '" + name + "'"));
        return new InstanceView(r, hypervisor.state(name), store.dir(name));
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

    public String waitReady(InstanceName name, Duration timeout, Pattern ready) {
        show(name);
        var layout = new InstanceLayout(store.dir(name));
        var watcher = new ConsoleWatcher(layout.consoleLog());
        Instant deadline = Instant.now().plus(timeout);
        try {
            while (true) {
                String line = watcher.poll(ready);
                if (line != null) {
                    return line;
                }
                Optional<MachineState> state = hypervisor.state(name);
                if (state.isEmpty() || state.get() == MachineState.SHUTOFF || state.get() == MachineState.CRASHED) {
                    // one last look: the guest may have printed the line and powered off
                    line = watcher.poll(ready);
                    if (line != null) {
                        return line;
                    }
                    throw failure(name, "the guest is " + state.map(s -> s.name().toLowerCase(Locale.ROOT))
                            .orElse("gone") + " before cloud-init finished", layout);
                }
                if (Instant.now().isAfter(deadline)) {
                    throw failure(name, "cloud-init did not finish within " + timeout.toSeconds() + " s", layout);
                }
                Thread.sleep(500);
            }
        } catch (IOException e) {
            throw new StateException("cannot read console log of " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(name, "interrupted", layout);
        }
    }

    private static ProvisionException failure(InstanceName name, String what, InstanceLayout layout) {
        List<String> tail = ConsoleWatcher.tail(layout.consoleLog(), 25);
        String console = tail.isEmpty() ? "(the console log is empty)" : String.join("\n  ", tail);
        return new ProvisionException("wait for " + name, what + "; console tail (" + layout.consoleLog() + "):\n  "
                + console, null);
    }
}
