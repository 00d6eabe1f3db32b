package io.virtseed.libvirt.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.ProcessCommandRunner;
import io.virtseed.core.ports.MachineRequest;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.ports.MachineStatus;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.testing.RealComponents;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.MemorySize;
import io.virtseed.libvirt.daemon.DaemonPaths;
import io.virtseed.libvirt.daemon.LibvirtDaemon;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;

/**
 * The protocol listing against the real libvirtd, as root: a guest of this state folder running
 * and one shut off, one of another state folder running, one of someone else with no metadata
 * and one with someone else's. It must give what the library's way ({@link LeanListing} with no
 * socket to speak to) and the adapter give; and where it is unsure, {@link LeanListing} must
 * still give the adapter's answer, by the library.
 */
class RpcListingSystemIT {

    private static final String URI = RpcListing.URI;
    private static final String PREFIX = "vs-rpcit-";
    private static final ProcessCommandRunner EXEC = new ProcessCommandRunner();
    private static final InstanceName RUNNING = InstanceName.of(PREFIX + "running");
    private static final InstanceName STOPPED = InstanceName.of(PREFIX + "stopped");
    private static final InstanceName ELSEWHERE = InstanceName.of(PREFIX + "elsewhere");
    private static final InstanceName UNTAGGED = InstanceName.of(PREFIX + "untagged");
    private static final InstanceName OTHERS_METADATA = InstanceName.of(PREFIX + "others-metadata");
    private static final InstanceName ABSENT = InstanceName.of(PREFIX + "absent");
    private static final Set<InstanceName> NAMES = Set.of(RUNNING, STOPPED, ELSEWHERE, UNTAGGED, OTHERS_METADATA,
            ABSENT);

    private static Path work;
    private static Path root;
    private static Path otherRoot;
    private static LibvirtHypervisor hv;
    private static LibvirtHypervisor other;
    private static Connect someoneElse;

    @TempDir
    Path dir;

    @BeforeAll
    static void guests() throws Exception {
        new LibvirtDaemon(DaemonPaths.host(), EXEC).ensureRunning().ifPresent(System.out::println);
        RealComponents.require(RpcListing.applies(URI, RpcListing.SOCKET), "the monolithic libvirtd's socket "
                + RpcListing.SOCKET + " (with no virtqemud socket beside it)", "run libvirtd, not the modular daemons");
        // QEMU runs as libvirt-qemu and must reach the disks: JUnit's @TempDir is mode 0700
        work = Files.createTempDirectory(Path.of("/tmp"), PREFIX);
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        root = work.resolve("state");
        otherRoot = work.resolve("other-state");
        try {
            hv = new LibvirtHypervisor(URI, root);
            other = new LibvirtHypervisor(URI, otherRoot);
            someoneElse = new Connect(URI);
            hv.define(request(RUNNING));
            hv.start(RUNNING);
            hv.define(request(STOPPED));
            other.define(request(ELSEWHERE));
            other.start(ELSEWHERE);
            someoneElse.domainDefineXML(foreign(UNTAGGED, "")).free();
            someoneElse.domainDefineXML(foreign(OTHERS_METADATA,
                    "<metadata><other:tag xmlns:other='https://example.org/vs-other'>x</other:tag></metadata>")).free();
        } catch (Exception | Error e) {
            removeGuests();
            throw e;
        }
    }

    @AfterAll
    static void removeGuests() throws Exception {
        try {
            if (someoneElse != null) {
                TestDomains.removeAll(someoneElse, PREFIX);
                someoneElse.close();
            }
        } finally {
            for (LibvirtHypervisor h : new LibvirtHypervisor[] {hv, other}) {
                if (h != null) {
                    h.close();
                }
            }
            if (work != null) {
                try (Stream<Path> all = Files.walk(work)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    @Test
    void givesWhatTheLibrarysWayAndTheAdapterGive() {
        Map<InstanceName, MachineStatus> adapter = hv.states(NAMES);
        assertThat(adapter).containsOnlyKeys(RUNNING, STOPPED); // so the comparisons below compare something
        assertThat(adapter.get(RUNNING).state()).isEqualTo(MachineState.RUNNING);
        assertThat(adapter.get(STOPPED).state()).isEqualTo(MachineState.SHUTOFF);
        Optional<Map<InstanceName, MachineStatus>> spoken = RpcListing.states(RpcListing.SOCKET, RpcListing.TIMEOUT,
                root, NAMES);
        assertThat(spoken).contains(adapter);
        assertThat(LeanListing.states(URI, root, NAMES, dir.resolve("vs-no-socket"))).as("by the library")
                .contains(adapter);
        assertThat(LeanListing.states(URI, root, NAMES)).contains(adapter);
        try (LeanListing.Pending begun = LeanListing.begin(URI)) {
            assertThat(begun.states(root, NAMES)).contains(adapter);
        }
    }

    @Test
    void anotherFolderSeesOnlyItsOwn() {
        Map<InstanceName, MachineStatus> adapter = other.states(NAMES);
        assertThat(adapter).containsOnlyKeys(ELSEWHERE);
        assertThat(RpcListing.states(RpcListing.SOCKET, RpcListing.TIMEOUT, otherRoot, NAMES)).contains(adapter);
        assertThat(LeanListing.states(URI, otherRoot, NAMES, dir.resolve("vs-no-socket"))).contains(adapter);
    }

    @Test
    void whereTheProtocolIsUnsureTheLibraryAnswers() throws IOException {
        Path socket = dir.resolve("libvirt-sock");
        FakeDaemon.Script garbage = c -> List.of("garbage".getBytes(StandardCharsets.US_ASCII), FakeDaemon.HANG_UP);
        FakeDaemon.Script errors = c -> List.of(FakeDaemon.error(c, 1)); // VIR_ERR_INTERNAL_ERROR
        for (FakeDaemon.Script script : List.of(garbage, errors)) {
            Files.deleteIfExists(socket);
            try (FakeDaemon daemon = new FakeDaemon(socket, script)) {
                assertThat(RpcListing.states(socket, RpcListing.TIMEOUT, root, NAMES)).isEmpty();
            }
            Files.deleteIfExists(socket);
            try (FakeDaemon daemon = new FakeDaemon(socket, script)) {
                assertThat(RpcListing.applies(URI, socket)).isTrue();
                assertThat(LeanListing.states(URI, root, NAMES, socket)).contains(hv.states(NAMES));
                assertThat(daemon.calls()).as("the fake was asked first").isNotEmpty();
            }
            Files.deleteIfExists(socket);
            try (FakeDaemon daemon = new FakeDaemon(socket, script);
                    LeanListing.Pending begun = LeanListing.begin(URI, socket)) {
                assertThat(begun.states(root, NAMES)).contains(hv.states(NAMES));
                assertThat(daemon.calls()).as("the fake was asked first").isNotEmpty();
            }
        }
    }

    private static String foreign(InstanceName name, String metadata) {
        return "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>64</memory>"
                + "<os><type arch='x86_64'>hvm</type></os>" + metadata + "</domain>";
    }

    /** A guest of its own disk: two running guests cannot share one writable image. */
    private static MachineRequest request(InstanceName name) {
        Path disk = work.resolve(name.value() + ".qcow2");
        EXEC.run(Command.of("qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), "1M"));
        return new MachineRequest(name, UUID.randomUUID(), 1, MemorySize.ofMiB(64), MachineType.PC, false, disk,
                Optional.empty(), work.resolve(name.value() + ".log"), Optional.empty(), List.of());
    }
}
