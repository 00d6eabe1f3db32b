package io.virtseed.core.lifecycle;

import io.virtseed.core.image.BaseImage;
import io.virtseed.core.image.ImageStore;
import io.virtseed.core.metadata.InstanceMetadata;
import io.virtseed.core.ports.ConfigDriveWriter;
import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.ports.MachineRequest;
import io.virtseed.core.provision.Step;
import io.virtseed.core.spec.BootSpec;
import io.virtseed.core.spec.Datasource;
import io.virtseed.core.spec.InstanceSpec;
import io.virtseed.core.state.AtomicFiles;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.value.InstanceName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The steps that make one instance, in order. {@code up} applies them; {@code down} runs the
 * same steps' undos, so there is one delete path. Undos only need the name and the folder.
 */
final class InstanceSteps {

    /** What applying needs beyond the name: absent when only tearing down. */
    record Creation(InstanceSpec spec, InstanceRecord record, BaseImage base, Optional<BootSpec> boot, boolean kvm) {
    }

    private final InstanceStore store;
    private final ImageStore images;
    private final Hypervisor hypervisor;
    private final ConfigDriveWriter drives;

    InstanceSteps(InstanceStore store, ImageStore images, Hypervisor hypervisor, ConfigDriveWriter drives) {
        this.store = store;
        this.images = images;
        this.hypervisor = hypervisor;
        this.drives = drives;
    }

    List<Step> steps(InstanceName name, Optional<Creation> creation) {
        InstanceLayout layout = new InstanceLayout(store.dir(name));
        List<Step> steps = new ArrayList<>();
        steps.add(Step.of("create instance folder", () -> store.createDir(name), () -> store.deleteDir(name)));
        steps.add(Step.of("record instance", () -> store.save(need(creation).record()), () -> { }));
        steps.add(Step.of("copy boot files", () -> copyBootFiles(need(creation), layout),
                () -> deleteAll(layout.kernel(), layout.initrd())));
        steps.add(Step.of("create root disk", () -> {
            Creation c = need(creation);
            images.createOverlay(c.base(), layout.rootDisk(), c.spec().disk().map(d -> d.bytes()));
        }, () -> deleteAll(layout.rootDisk())));
        steps.add(Step.of("write config drive", () -> writeDrive(need(creation), layout),
                () -> deleteAll(layout.configDrive())));
        steps.add(Step.of("define domain", () -> hypervisor.define(request(need(creation), layout)),
                () -> hypervisor.undefine(name)));
        // a guest that could not be stopped still uses its disks: rollback must not go on to delete them
        steps.add(Step.of("start domain", () -> hypervisor.start(name), () -> hypervisor.destroy(name))
                .stopsRollbackIfUndoFails("virtseed --state-dir " + store.root() + " down " + name));
        steps.add(Step.of("mark created", () -> store.save(need(creation).record().withPhase("created")), () -> { }));
        return steps;
    }

    private static Creation need(Optional<Creation> c) {
        return c.orElseThrow(() -> new IllegalStateException("teardown steps cannot apply"));
    }

    private static void copyBootFiles(Creation c, InstanceLayout layout) throws IOException {
        if (c.boot().isEmpty() || c.spec().boot().isEmpty()) {
            return; // image-store boot files are already world-readable in the store
        }
        // The hypervisor's unprivileged user may not reach the user's folder: give it a copy it can read.
        copyReadable(c.boot().get().kernel(), layout.kernel());
        if (c.boot().get().initrd().isPresent()) {
            copyReadable(c.boot().get().initrd().get(), layout.initrd());
        }
    }

    static Optional<BootSpec> bootFor(Creation c, InstanceLayout layout) {
        if (c.boot().isEmpty() || c.spec().boot().isEmpty()) {
            return c.boot();
        }
        BootSpec b = c.boot().get();
        return Optional.of(new BootSpec(layout.kernel(), b.initrd().map(x -> layout.initrd()), b.cmdline()));
    }

    private void writeDrive(Creation c, InstanceLayout layout) throws IOException {
        Datasource ds = c.spec().datasource();
        if (!ds.usesDrive()) {
            return;
        }
        InstanceMetadata md = InstanceMetadata.from(c.spec(), c.record().uuid(), List.of(), DriveContent.freshSeed());
        DriveContent.of(md, ds).writeTo(drives, layout.configDrive());
    }

    private static MachineRequest request(Creation c, InstanceLayout layout) {
        InstanceSpec s = c.spec();
        Optional<MachineRequest.AttachedDrive> drive = s.datasource().usesDrive()
                ? Optional.of(new MachineRequest.AttachedDrive(layout.configDrive(), DriveContent.format(s.datasource())))
                : Optional.empty();
        return new MachineRequest(s.name(), c.record().uuid(), s.cpus(), s.memory(), s.machine(), c.kvm(),
                layout.rootDisk(), drive, layout.consoleLog(), bootFor(c, layout), List.of());
    }

    private static void copyReadable(Path from, Path to) throws IOException {
        Path tmp = AtomicFiles.tempBeside(to);
        try {
            Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(tmp, AtomicFiles.READABLE);
            AtomicFiles.moveIntoPlace(tmp, to);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void deleteAll(Path... paths) throws IOException {
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }
}
