package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.ports.MachineEvent;
import io.virtseed.core.ports.MachineRequest;
import io.virtseed.core.spec.Datasource;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.state.Accelerator;
import io.virtseed.core.state.EventJournal;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.state.Phase;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.MemorySize;
import io.virtseed.libvirt.connect.LibvirtHypervisor;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The {@code ls} that {@link Main} runs without picocli reads its arguments as picocli does and
 * prints what the picocli command prints; what it does not know it leaves to picocli.
 */
class DirectLsTest {

    /** A libvirt URI that cannot be opened: the test driver's file does not exist. */
    private static final String UNREACHABLE = "test:///vs-no-such-dir/vs-no-such-file.xml";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {
        "ls",
        "--state-dir /tmp/vs-a ls",
        "--state-dir=/tmp/vs-a --connect test:///default -q ls -o json",
        "ls --output=JSON -v",
        "--verbose --quiet ls --state-dir /tmp/vs-b",
        "ls -o Table --connect=qemu:///session",
    })
    void readsThePlainSpellingsAsPicocliDoes(String line) {
        String[] args = line.split(" ");
        DirectLs.Request direct = DirectLs.parse(args, System.getenv()).orElseThrow();
        assertThat(direct).isEqualTo(picocliReads(args));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "show vs-a", "ls vs-a", "ls --help", "ls -h", "ls -qv", "ls -ojson", "ls -o=json", "ls -o yaml", "ls -o",
        "--state-dir a --state-dir b ls", "--state-dir a ls --state-dir b", "ls -q -q", "--state-dir -x ls",
        "--state-dir @opts ls", "@opts", "ls ls", "-o json ls", "ls --", "--version ls", "ls --no-such-option",
    })
    void leavesEverythingElseToPicocli(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        assertThat(DirectLs.parse(args, System.getenv())).isEmpty();
    }

    @Test
    void takesTheDefaultsFromTheEnvironmentLikeTheCommand() {
        assertThat(DirectLs.parse(new String[] {"ls"}, Map.of("VIRTSEED_STATE_DIR", "/tmp/vs-env",
                "VIRTSEED_CONNECT", "test:///default")).orElseThrow())
                .isEqualTo(new DirectLs.Request(Path.of("/tmp/vs-env"), "test:///default", false, false,
                        OutputFormat.TABLE));
        assertThat(DirectLs.parse(new String[] {"ls"}, Map.of()).orElseThrow())
                .isEqualTo(new DirectLs.Request(Path.of("/var/lib/virtseed"), "qemu:///system", false, false,
                        OutputFormat.TABLE));
        assertThat(DirectLs.parse(new String[] {"ls"}, Map.of("VIRTSEED_STATE_DIR", ""))).isEmpty();
    }

    @Test
    void noInstanceMeansNoConnection() {
        CapturedCli.Result run = direct("--state-dir", tmp.resolve("state").toString(), "--connect", UNREACHABLE, "ls");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("NAME ").hasLineCount(1);
    }

    @Test
    void aFolderWithoutRecordsListsNothingWithoutAConnectionInBothFormats() throws Exception {
        Path state = tmp.resolve("state");
        java.nio.file.Files.createDirectories(state.resolve("instances/vs-half-made")); // a crash mid-create
        java.nio.file.Files.createDirectories(state.resolve("instances/.vs-hidden"));
        java.nio.file.Files.writeString(state.resolve("instances/.vs-hidden/instance.json"), "{}");
        assertThat(DirectLs.certainlyNoRecord(state)).isTrue();
        CapturedCli viaPicocli = new CapturedCli(state, "--connect", "test:///default");

        for (List<String> ls : List.of(List.of("ls"), List.of("ls", "-o", "json"))) {
            CapturedCli.Result direct = direct(with("--state-dir", state.toString(), "--connect", UNREACHABLE, ls));
            assertThat(direct.exitCode()).as(direct.err()).isZero();
            assertThat(direct.err()).isEmpty();
            assertThat(direct.out()).isEqualTo(viaPicocli.run(ls.toArray(String[]::new)).out());
        }
        assertThat(Views.json(List.of())).isEqualTo(Views.EMPTY_JSON);

        java.nio.file.Files.writeString(state.resolve("instances/vs-half-made/instance.json"), "not json");
        assertThat(DirectLs.certainlyNoRecord(state)).as("a record, even a broken one, is read the whole way")
                .isFalse();
        CapturedCli.Result broken = direct("--state-dir", state.toString(), "--connect", UNREACHABLE, "ls");
        assertThat(broken.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(broken.err()).contains("instance record").contains("is unreadable")
                .isEqualTo(new CapturedCli(state, "--connect", UNREACHABLE).run("ls").err());
    }

    @Test
    void printsWhatThePicocliCommandPrints() {
        Path state = tmp.resolve("state");
        InstanceStore store = new InstanceStore(state);
        store.createDir(InstanceName.of("vs-direct"));
        store.save(new InstanceRecord(InstanceRecord.CURRENT_VERSION, "vs-direct", UUID.randomUUID(), "vs-img",
                "vs-direct", Datasource.CONFIGDRIVE, MachineType.PC, Accelerator.TCG, Phase.CREATED, Instant.now(),
                List.of()));
        CapturedCli viaPicocli = new CapturedCli(state, "--connect", "test:///default");

        for (List<String> ls : List.of(List.of("ls"), List.of("ls", "-o", "json"))) {
            CapturedCli.Result direct = direct(with("--state-dir", state.toString(), "--connect", "test:///default", ls));
            CapturedCli.Result picocli = viaPicocli.run(ls.toArray(String[]::new));
            assertThat(direct.exitCode()).as(direct.err()).isZero();
            assertThat(direct.out()).contains("vs-direct").isEqualTo(picocli.out());
        }

        // a failure, here the connection the listing needs, reads the same both ways
        CapturedCli.Result failed = direct("--state-dir", state.toString(), "--connect", UNREACHABLE, "ls");
        CapturedCli.Result picocli = new CapturedCli(state, "--connect", UNREACHABLE).run("ls");
        assertThat(failed.exitCode()).isEqualTo(ExitCodes.FAILURE).isEqualTo(picocli.exitCode());
        assertThat(failed.err()).startsWith("virtseed: ").isEqualTo(picocli.err());
    }

    /**
     * With guests on the test driver (whose state the whole process shares) the lean listing
     * answers, and both ways print the same bytes: states and reasons of this folder's guests,
     * {@code missing} for another folder's, an untagged one and none, the journal's last event.
     */
    @Test
    void theLeanListingPrintsWhatTheWholeWayPrints() throws Exception {
        Path state = tmp.resolve("state");
        Path elsewhere = tmp.resolve("other-state");
        InstanceStore store = new InstanceStore(state);
        List<String> names = List.of("vs-lean-running", "vs-lean-stopped", "vs-lean-elsewhere", "vs-lean-foreign",
                "vs-lean-absent");
        for (String n : names) {
            store.createDir(InstanceName.of(n));
            store.save(new InstanceRecord(InstanceRecord.CURRENT_VERSION, n, UUID.randomUUID(), "vs-img", n,
                    Datasource.CONFIGDRIVE, MachineType.PC, Accelerator.TCG, Phase.CREATED, Instant.now(), List.of()));
        }
        new EventJournal(store.dir(InstanceName.of("vs-lean-stopped"))).append(new MachineEvent(
                InstanceName.of("vs-lean-stopped"), Instant.parse("2026-01-02T03:04:05Z"), "stopped", "destroyed"));
        try (LibvirtHypervisor ours = new LibvirtHypervisor("test:///default", state);
                LibvirtHypervisor theirs = new LibvirtHypervisor("test:///default", elsewhere)) {
            Connect someoneElse = new Connect("test:///default");
            try {
                ours.define(request("vs-lean-running", state));
                ours.start(InstanceName.of("vs-lean-running"));
                ours.define(request("vs-lean-stopped", state));
                ours.start(InstanceName.of("vs-lean-stopped"));
                ours.destroy(InstanceName.of("vs-lean-stopped"));
                theirs.define(request("vs-lean-elsewhere", elsewhere));
                someoneElse.domainDefineXML("<domain type='test'><name>vs-lean-foreign</name>"
                        + "<memory unit='MiB'>64</memory><os><type>hvm</type></os><devices/></domain>").free();

                assertThat(DirectLs.leanViews(state, "test:///default")).as("the lean listing answers").isPresent();
                for (List<String> ls : List.of(List.of("ls"), List.of("ls", "-o", "json"))) {
                    CapturedCli.Result direct = direct(with("--state-dir", state.toString(), "--connect", "test:///default", ls));
                    CapturedCli.Result picocli = new CapturedCli(state, "--connect", "test:///default")
                            .run(ls.toArray(String[]::new));
                    assertThat(direct.exitCode()).as(direct.err()).isZero();
                    assertThat(direct.err()).isEmpty();
                    assertThat(direct.out()).isEqualTo(picocli.out());
                }
                CapturedCli.Result table = direct("--state-dir", state.toString(), "--connect", "test:///default", "ls");
                assertThat(table.out()).containsPattern("vs-lean-running +running \\(")
                        .contains("vs-lean-stopped          shutoff (destroyed)")
                        .containsPattern("vs-lean-elsewhere +missing").containsPattern("vs-lean-foreign +missing")
                        .containsPattern("vs-lean-absent +missing");
                assertThat(direct("--state-dir", state.toString(), "--connect", "test:///default", "ls", "-o", "json")
                        .out()).contains("\"at\" : \"2026-01-02T03:04:05Z\"");
            } finally {
                for (org.libvirt.Domain d : someoneElse.listAllDomains(0)) {
                    try {
                        if (d.getName().startsWith("vs-lean-")) {
                            if (d.isActive() == 1) {
                                d.destroy();
                            }
                            d.undefine();
                        }
                    } finally {
                        d.free();
                    }
                }
                someoneElse.close();
            }
        }
    }

    private static MachineRequest request(String name, Path root) {
        Path dir = root.resolve("instances").resolve(name);
        return new MachineRequest(InstanceName.of(name), UUID.randomUUID(), 1, MemorySize.ofMiB(64), MachineType.PC,
                false, dir.resolve("disk.qcow2"), Optional.empty(), dir.resolve("console.log"), Optional.empty(),
                List.of());
    }

    private static DirectLs.Request picocliReads(String[] args) {
        CommandLine cl = CommandLines.all(new Wiring.Lazy());
        ParseResult parsed = cl.parseArgs(args);
        VirtseedCommand root = (VirtseedCommand) cl.getCommand();
        LsCommand ls = (LsCommand) parsed.subcommand().commandSpec().userObject();
        return new DirectLs.Request(root.stateDir, root.connect, root.verbose, root.quiet, ls.output);
    }

    private static String[] with(String a, String b, String c, String d, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(a, b, c, d));
        all.addAll(rest);
        return all.toArray(String[]::new);
    }

    /** Through {@link Main#run}, which takes the direct way for these arguments. */
    private static CapturedCli.Result direct(String... args) {
        Optional<DirectLs.Request> request = DirectLs.parse(args, System.getenv());
        assertThat(request).as("the direct way takes %s", List.of(args)).isPresent();
        return CapturedCli.throughMain(args);
    }
}
