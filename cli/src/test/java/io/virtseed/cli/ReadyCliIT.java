package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtseed.core.metadata.MetadataEvents;
import io.virtseed.core.state.FileModes;
import io.virtseed.libvirt.connect.LibvirtHypervisor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up --wait} and {@code wait} say how a guest became ready, print its phase timings, and
 * with {@code -o json} print only JSON lines on stdout. Runs the real CLI in-process against
 * libvirt's test driver (real qemu-img overlays and drive writer; no guest runs, so a guest
 * without a NIC is ready once its domain runs), and plays the metadata service and the console by
 * writing their files as they would.
 */
class ReadyCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> MAKING = List.of("image", "network", "drive", "define", "boot");

    @TempDir
    Path tmp;

    private Path stateDir;
    private Path spec;
    private CapturedCli cli;
    private final List<String> made = new java.util.ArrayList<>();
    /** Held open for the test: the test driver forgets its domains when its last connection closes. */
    private LibvirtHypervisor keepAlive;

    @BeforeEach
    void setUp() throws IOException {
        // QEMU's user must be able to pass the folders above the state, as on a real host
        Files.setPosixFilePermissions(tmp, FileModes.TRAVERSABLE_DIR);
        stateDir = Files.createDirectory(tmp.resolve("state"),
                PosixFilePermissions.asFileAttribute(FileModes.TRAVERSABLE_DIR));
        cli = new CapturedCli(stateDir, "--connect", "test:///default");
        keepAlive = new LibvirtHypervisor("test:///default", stateDir);
        Path disk = tmp.resolve("disk.raw");
        try (RandomAccessFile f = new RandomAccessFile(disk.toFile(), "rw")) {
            f.setLength(1 << 20); // sparse; a raw image is any file
        }
        var imported = cli.run("image", "import", "vs-ready-img", disk.toString());
        assertThat(imported.exitCode()).as(imported.all()).isZero();
        spec = tmp.resolve("spec.yaml");
    }

    @AfterEach
    void tearDown() {
        for (String name : made) {
            cli.run("down", name);
        }
        assertThat(keepAlive.owned()).as("domains left").isEmpty();
        keepAlive.close();
    }

    private CapturedCli.Result up(String name, String... more) throws IOException {
        Files.writeString(spec, "name: " + name + "\nimage: vs-ready-img\nnetworks: []\n");
        made.add(name);
        List<String> args = new java.util.ArrayList<>(List.of("up", spec.toString()));
        args.addAll(List.of(more));
        return cli.run(args.toArray(String[]::new));
    }

    /** Every line of stdout, each of which must be one JSON object. */
    private static List<JsonNode> jsonLines(CapturedCli.Result r) {
        return r.out().lines().map(l -> {
            try {
                JsonNode n = JSON.readTree(l);
                assertThat(n.isObject()).as("line '%s' of %s", l, r.all()).isTrue();
                return n;
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON line: '" + l + "' in\n" + r.all(), e);
            }
        }).toList();
    }

    private static List<String> phases(List<JsonNode> lines) {
        return lines.stream().filter(n -> n.has("phase")).map(n -> n.get("phase").asText()).toList();
    }

    @Test
    void upWaitWithJsonPrintsEveryMakingPhaseThenReadyAsJsonLinesAndTheRestOnStderr() throws IOException {
        var r = up("vs-ready-json", "--wait", "-o", "json");

        assertThat(r.exitCode()).as(r.all()).isZero();
        List<JsonNode> lines = jsonLines(r);
        assertThat(phases(lines)).as(r.all()).containsExactly("image", "network", "drive", "define", "boot", "ready");
        long previous = 0;
        for (JsonNode n : lines.subList(0, 6)) {
            assertThat(n.get("instance").asText()).isEqualTo("vs-ready-json");
            Instant.parse(n.get("at").asText());
            long elapsed = n.get("elapsedMs").asLong();
            assertThat(elapsed).as("phases come in order: %s", n).isGreaterThanOrEqualTo(previous);
            previous = elapsed;
            assertThat(n.has("tookMs")).as("%s", n).isEqualTo(MAKING.contains(n.get("phase").asText()));
        }
        JsonNode last = lines.getLast();
        assertThat(last.get("ready").asBoolean()).as(r.all()).isTrue();
        assertThat(last.get("criterion").asText()).isEqualTo("domain running");
        assertThat(last.get("metadataFetched").isNull()).isTrue();
        assertThat(lines).hasSize(7);
        // the lines for people are still there, on stderr
        assertThat(r.err()).contains("vs-ready-json ready: domain running at ", "vs-ready-json timings: image ");
    }

    @Test
    void upWaitForPeopleSaysWhichSignEndedTheWaitAndTheTimingsOnOneLine() throws IOException {
        var r = up("vs-ready-human", "--wait");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).as(r.all())
                .containsPattern("(?m)^vs-ready-human ready: domain running at \\S+Z \\(no NIC")
                .containsPattern("(?m)^vs-ready-human timings: image [0-9.]+s network 0.00s drive [0-9.]+s"
                        + " define [0-9.]+s boot [0-9.]+s ready [0-9.]+s$");
    }

    @Test
    void waitWithJsonGivesTheMetadataFetchAndReadySinceTheInstanceWasMade() throws IOException {
        assertThat(up("vs-ready-wait").exitCode()).isZero();
        Path dir = stateDir.resolve("instances/vs-ready-wait");
        Instant fetched = Instant.now();
        MetadataEvents.none().fetched(fetched).write(dir); // as the metadata service records a first request

        var r = cli.run("wait", "vs-ready-wait", "-o", "json");

        assertThat(r.exitCode()).as(r.all()).isZero();
        List<JsonNode> lines = jsonLines(r);
        assertThat(phases(lines)).as(r.all()).containsExactly("metadata", "ready");
        assertThat(Instant.parse(lines.get(0).get("at").asText())).isEqualTo(fetched);
        assertThat(lines.get(0).get("elapsedMs").asLong()).isNotNegative();
        assertThat(lines.getLast().get("metadataFetched").asText()).isEqualTo(fetched.toString());
    }

    @Test
    void aGuestThatIsNotReadyFailsWithItsStateTheMetadataAndTheConsoleTail() throws IOException {
        assertThat(up("vs-ready-off").exitCode()).isZero();
        assertThat(cli.run("stop", "--force", "vs-ready-off").exitCode()).isZero();
        Path console = stateDir.resolve("instances/vs-ready-off/console.log");
        Files.writeString(console, String.join("\n", IntStream.rangeClosed(1, 25).mapToObj(i -> "boot line " + i)
                .toList()) + "\n");

        var r = cli.run("wait", "vs-ready-off", "--timeout", "3s", "-o", "json");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).as(r.all()).contains("step 'wait for vs-ready-off' failed: the guest stopped before it ran",
                "the guest is shutoff", "it never fetched its metadata", "console tail (" + console + "):",
                "boot line 6\n", "boot line 25").doesNotContain("boot line 5\n");
        JsonNode last = jsonLines(r).getLast();
        assertThat(last.get("ready").asBoolean()).isFalse();
        assertThat(last.get("state").asText()).startsWith("shutoff");
        assertThat(last.get("consoleTail")).hasSize(20);
        assertThat(Optional.ofNullable(last.get("metadataFetched")).map(JsonNode::isNull)).contains(true);
    }
}
