package io.virtseed.core.lifecycle;

import io.virtseed.core.image.BaseImage;
import io.virtseed.core.image.ImageStore;
import io.virtseed.core.metadata.InstanceMetadata;
import io.virtseed.core.metadata.MetadataEvents;
import io.virtseed.core.metadata.MetadataFile;
import io.virtseed.core.metadata.ReadyReport;
import io.virtseed.core.ports.ConfigDriveWriter;
import io.virtseed.core.ports.DhcpHost;
import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.ports.MachineRequest;
import io.virtseed.core.ports.MetadataService;
import io.virtseed.core.ports.NetworkContext;
import io.virtseed.core.ports.NicAttachment;
import io.virtseed.core.provision.Step;
import io.virtseed.core.spec.BootSpec;
import io.virtseed.core.spec.Datasource;
import io.virtseed.core.spec.Firmware;
import io.virtseed.core.spec.InstanceSpec;
import io.virtseed.core.ssh.SshFiles;
import io.virtseed.core.state.AtomicFiles;
import io.virtseed.core.state.FileModes;
import io.virtseed.core.state.Accelerator;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.state.NetworkRecord;
import io.virtseed.core.state.Phase;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.IpAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The steps that make one instance, in order. {@code up} applies them; {@code down} runs the
 * same steps' undos, so there is one delete path. Undos need only the name, the folder and the
 * record of what was allocated (empty when a crash came before it was written): never the spec.
 */
final class InstanceSteps {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InstanceSteps.class);

    /**
     * How many of the first steps claim the instance: its folder and its record of what was
     * allocated. {@code up} applies them under the state lock, with the allocation, so no other
     * run takes the same name, address or MAC; the rest run under the instance's own lock.
     */
    static final int CLAIMING = 2;

    /** What applying needs beyond the record: absent when only tearing down. */
    record Creation(InstanceSpec spec, BaseImage base, Optional<BootSpec> boot) {
    }

    private final InstanceStore store;
    private final ImageStore images;
    private final Hypervisor hypervisor;
    private final ConfigDriveWriter drives;
    private final Networks networks;
    private final MetadataService metadata;

    InstanceSteps(InstanceStore store, ImageStore images, Hypervisor hypervisor, ConfigDriveWriter drives,
            Networks networks, MetadataService metadata) {
        this.store = store;
        this.images = images;
        this.hypervisor = hypervisor;
        this.drives = drives;
        this.networks = networks;
        this.metadata = metadata;
    }

    List<Step> steps(InstanceName name, Optional<InstanceRecord> record, Optional<Creation> creation) {
        InstanceLayout layout = new InstanceLayout(store.dir(name));
        Map<String, NetworkRecord> nets = networksOf(record);
        // what "save metadata" saved, for the drive: JsonValues holds values as a read back gives them
        AtomicReference<InstanceMetadata> saved = new AtomicReference<>();
        FolderSync sync = new FolderSync();
        List<Step> steps = new ArrayList<>();
        steps.add(Step.of("create instance folder", () -> {
            store.createDir(name);
            // made here, not by virtlogd, so its mode is ours whatever the daemons' umask
            FileModes.createPrivateFile(layout.consoleLog());
        }, () -> store.deleteDir(name)));
        // The folder's other files are written without an fsync each (LATER) and made durable at once by
        // "sync instance files": until "mark created" the record says creating, so after a crash, power
        // loss too, the next up, down or reap clears them whatever of them reached the disk. The record
        // itself is synced at once: an emptied one would stop up and down (they refuse an unreadable record).
        steps.add(Step.of("record instance", () -> store.save(need(record)), () -> { }));
        steps.add(Step.of("make ssh key", () -> SshAccess.prepare(need(creation).spec(), layout.dir(),
                new SecureRandom()), () -> deleteAll(new SshFiles(layout.dir()).all().toArray(Path[]::new))));
        steps.add(Step.of("copy boot files", () -> copyBootFiles(need(creation), layout),
                () -> deleteAll(layout.kernel(), layout.initrd())));
        steps.add(Step.of("create root disk", () -> {
            Creation c = need(creation);
            images.createOverlay(c.base(), layout.rootDisk(), c.spec().disk().map(d -> d.bytes()),
                    AtomicFiles.Sync.LATER);
        }, () -> deleteAll(layout.rootDisk())));
        record.ifPresent(r -> steps.addAll(networkSteps(r, nets)));
        steps.add(Step.of("save metadata", () -> saved.set(saveMetadata(need(creation), need(record), nets, layout)),
                () -> deleteAll(MetadataFile.path(layout.dir()), layout.dir().resolve(MetadataEvents.FILE_NAME),
                        layout.dir().resolve(Convergence.APPLIED_FILE))));
        steps.add(Step.of("write config drive",
                () -> writeDrive(need(creation), Optional.ofNullable(saved.get()), layout),
                () -> deleteAll(layout.configDrive())));
        // before the record may say created: everything above on the disk, the folder's names too. It waits
        // on the disk while define waits on libvirt, so it runs beside it; "start domain" waits for it (at
        // start libvirt relabels these very files, and QEMU opens them: behind a sync of them, a start took
        // up to 50 ms longer), and its undo waits too, so no rollback deletes what it is still syncing.
        steps.add(Step.of("sync instance files", () -> sync.start(layout.dir()), sync::settle));
        steps.add(Step.of("define domain", () -> {
            // a guest of ours may be left under this name with its folder removed by hand: asked here,
            // not before the first step, so libvirt's connection is made while the files above are written
            if (hypervisor.status(name).isPresent()) {
                hypervisor.destroy(name);
                hypervisor.undefine(name);
            }
            hypervisor.define(request(need(creation), need(record), nets, layout));
        }, () -> hypervisor.undefine(name)));
        if (record.isPresent() && !record.get().nics().isEmpty()) {
            // before the guest boots: it asks 169.254.169.254 within seconds of starting
            steps.add(Step.of("ensure metadata service", () -> metadata.ensureServing(store.root()), () -> { })
                    .holding(store::lock)); // one service per state folder: two runs must not both start it
        }
        // a guest that could not be stopped still uses its disks: rollback must not go on to delete them
        steps.add(Step.of("start domain", () -> {
            sync.await();
            hypervisor.start(name);
        }, () -> hypervisor.destroy(name))
                .stopsRollbackIfUndoFails("virtseed --state-dir " + store.root() + " down " + name));
        steps.add(Step.of("mark created", () -> {
            sync.await(); // done by now; said again, as this is what the record's word rests on
            store.save(need(record).withPhase(Phase.CREATED));
        }, () -> { }));
        return steps;
    }

    /** Per NIC, the network adapter's steps: ensure the network, reserve the address. */
    private List<Step> networkSteps(InstanceRecord r, Map<String, NetworkRecord> nets) {
        List<Step> out = new ArrayList<>();
        for (InstanceRecord.Nic nic : r.nics()) {
            NetworkRecord net = nets.get(nic.network());
            if (net == null || nic.ip().isEmpty()) {
                continue; // the network is gone already: nothing of this NIC is left on the host
            }
            NetworkContext ctx = networks.context(net);
            DhcpHost host = new DhcpHost(nic.mac(), nic.ip().get(), r.name());
            // the network and its DHCP reservations are every instance's on it: changed under the state lock
            networks.provisioner().attachSteps(ctx, () -> Networks.hosts(net.name(), store.list()), host)
                    .forEach(step -> out.add(step.holding(store::lock)));
        }
        return out;
    }

    private Map<String, NetworkRecord> networksOf(Optional<InstanceRecord> record) {
        Map<String, NetworkRecord> out = new LinkedHashMap<>();
        record.ifPresent(r -> r.networks().forEach(n -> networks.find(n).ifPresent(x -> out.put(n, x))));
        return out;
    }

    private static <T> T need(Optional<T> c) {
        return c.orElseThrow(() -> new IllegalStateException("teardown steps cannot apply"));
    }

    private static void copyBootFiles(Creation c, InstanceLayout layout) throws IOException {
        if (c.boot().isEmpty() || c.spec().boot().isEmpty()) {
            return; // image-store boot files are already world-readable in the store
        }
        // The hypervisor's unprivileged user may not reach the user's folder: give it a copy it can read.
        copyPrivate(c.boot().get().kernel(), layout.kernel());
        if (c.boot().get().initrd().isPresent()) {
            copyPrivate(c.boot().get().initrd().get(), layout.initrd());
        }
    }

    static Optional<BootSpec> bootFor(Creation c, InstanceLayout layout) {
        if (c.boot().isEmpty() || c.spec().boot().isEmpty()) {
            return c.boot();
        }
        BootSpec b = c.boot().get();
        return Optional.of(new BootSpec(layout.kernel(), b.initrd().map(x -> layout.initrd()), b.cmdline()));
    }

    /**
     * The one render of the instance's metadata, saved 0600 in its folder and returned: the drive
     * is written from it and the metadata service serves it, so the two channels cannot drift
     * ({@code MetadataFileTest} holds a saved one to render as it reads back). A guest with a NIC
     * also gets the vendor data that makes it report ready to the metadata service, and every
     * guest virtseed's own SSH key after the spec's.
     */
    private InstanceMetadata saveMetadata(Creation c, InstanceRecord r, Map<String, NetworkRecord> nets,
            InstanceLayout layout) {
        InstanceSpec spec = SshAccess.withOwnKey(c.spec(), layout.dir());
        if (!r.nics().isEmpty()) {
            spec = spec.toBuilder().vendorData(withReadyReport(spec.vendorData())).build();
        }
        InstanceMetadata md = InstanceMetadata.from(spec, r.uuid(), NicConfigs.of(r, nets, c.spec().networks()),
                DriveContent.freshSeed());
        MetadataFile.write(layout.dir(), md, AtomicFiles.Sync.LATER);
        try {
            Convergence.saveShape(layout.dir(), c.spec(), AtomicFiles.Sync.LATER);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return md;
    }

    /** The instance's metadata as the spec renders it now, with the saved instance-id and seed. */
    private InstanceMetadata wanted(InstanceRecord r, InstanceSpec spec, InstanceMetadata saved, java.util.UUID id) {
        // virtseed's key stays: it is no change of the spec's, and 'virtseed ssh' needs it after the swap
        InstanceSpec own = SshAccess.withOwnKey(spec, store.dir(spec.name()));
        InstanceSpec s = r.nics().isEmpty() ? own
                : own.toBuilder().vendorData(withReadyReport(own.vendorData())).build();
        List<io.virtseed.core.metadata.NicConfig> nics;
        try {
            nics = NicConfigs.of(r, networksOf(Optional.of(r)), spec.networks());
        } catch (RuntimeException e) {
            nics = saved.nics(); // the NICs themselves changed: reported as a change that needs --recreate
        }
        return InstanceMetadata.from(s, id, nics, saved.randomSeed());
    }

    private InstanceMetadata saved(InstanceRecord r) {
        Path dir = store.dir(InstanceName.of(r.name()));
        return MetadataFile.read(dir).orElseThrow(() -> new io.virtseed.core.error.StateException("instance "
                + r.name() + " has no saved metadata in " + dir + "; 'virtseed up --recreate' makes it again"));
    }

    /** What {@code up} of {@code spec} would change in the existing instance. */
    List<Convergence.Change> changes(InstanceRecord r, InstanceSpec spec) {
        InstanceMetadata saved = saved(r);
        return Convergence.diff(Convergence.savedShape(store.dir(spec.name())), spec, saved,
                wanted(r, spec, saved, saved.uuid()));
    }

    /**
     * Renders the spec's metadata anew and, for a drive datasource, rebuilds the drive beside the
     * old one, moves it into place and has a running guest's cdrom read it. The metadata service
     * serves the new metadata as soon as it is saved.
     */
    void updateDrive(InstanceRecord r, InstanceSpec spec, Convergence.InstanceIdPolicy policy) {
        InstanceName name = spec.name();
        InstanceLayout layout = new InstanceLayout(store.dir(name));
        InstanceMetadata saved = saved(r);
        java.util.UUID id = policy == Convergence.InstanceIdPolicy.NEW ? java.util.UUID.randomUUID() : saved.uuid();
        InstanceMetadata md = wanted(r, spec, saved, id);
        try {
            Datasource ds = r.datasource();
            if (ds.usesDrive()) {
                Path tmp = AtomicFiles.tempBeside(layout.configDrive());
                try {
                    DriveContent.of(md, ds).writeTo(drives, tmp);
                    Files.setPosixFilePermissions(tmp, AtomicFiles.PRIVATE);
                    // the drive first: a crash before the metadata is saved leaves a difference the next up sees
                    AtomicFiles.moveIntoPlace(tmp, layout.configDrive());
                    MetadataFile.write(layout.dir(), md);
                } finally {
                    Files.deleteIfExists(tmp);
                }
                if (!hypervisor.reloadDrive(name, layout.configDrive())) {
                    LOG.info("instance {}: its drive is a disk, not a cdrom; the guest reads the new one at its next"
                            + " start", name);
                }
            } else {
                MetadataFile.write(layout.dir(), md);
            }
            Convergence.saveShape(layout.dir(), spec);
        } catch (IOException e) {
            throw new io.virtseed.core.error.ProvisionException("rebuild the config drive of " + name, e.getMessage(), e);
        }
    }

    /** Prepends virtseed's phone_home part to the vendor data's {@code cloud-init} member. */
    static Map<String, Object> withReadyReport(Map<String, Object> vendorData) {
        Map<String, Object> out = new LinkedHashMap<>(vendorData);
        List<Object> parts = new ArrayList<>();
        parts.add(ReadyReport.cloudConfig());
        Object theirs = vendorData.get("cloud-init");
        if (theirs instanceof List<?> list) {
            parts.addAll(list);
        } else if (theirs != null) {
            parts.add(theirs);
        }
        out.put("cloud-init", parts.size() == 1 ? parts.get(0) : List.copyOf(parts));
        return out;
    }

    /** The drive, from the metadata this run saved (read back only when this run did not save it). */
    private void writeDrive(Creation c, Optional<InstanceMetadata> saved, InstanceLayout layout) throws IOException {
        Datasource ds = c.spec().datasource();
        if (!ds.usesDrive()) {
            return;
        }
        InstanceMetadata md = saved.or(() -> MetadataFile.read(layout.dir())).orElseThrow(() ->
                new IllegalStateException("the saved metadata of " + c.spec().name() + " is missing"));
        DriveContent.of(md, ds).writeUnsyncedTo(drives, layout.configDrive());
        // the drive holds the user data and keys whichever writer made it
        Files.setPosixFilePermissions(layout.configDrive(), AtomicFiles.PRIVATE);
    }

    private static MachineRequest request(Creation c, InstanceRecord r, Map<String, NetworkRecord> nets,
            InstanceLayout layout) {
        InstanceSpec s = c.spec();
        Optional<MachineRequest.AttachedDrive> drive = s.datasource().usesDrive()
                ? Optional.of(new MachineRequest.AttachedDrive(layout.configDrive(), DriveContent.format(s.datasource())))
                : Optional.empty();
        List<NicAttachment> nics = r.nics().stream().map(n -> {
            NetworkRecord net = nets.get(n.network());
            List<IpAddress> own = Stream.concat(n.ip().stream(), n.ip6().stream()).toList();
            return new NicAttachment(n.mac(), net.bridge(), n.tap(), net.spec().mtu(), own);
        }).toList();
        return new MachineRequest(s.name(), r.uuid(), s.cpus(), s.memory(), s.machine(), r.accel() == Accelerator.KVM,
                layout.rootDisk(), drive, layout.consoleLog(), bootFor(c, layout), nics,
                s.firmware() == Firmware.UEFI ? Optional.of(layout.uefiVars()) : Optional.empty());
    }

    /** Private like every file of the instance: libvirt's DAC driver gives QEMU its own access at start. */
    private static void copyPrivate(Path from, Path to) throws IOException {
        Path tmp = AtomicFiles.tempBeside(to);
        try {
            FileModes.copyPrivate(from, tmp);
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
