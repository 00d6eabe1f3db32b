package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.lifecycle.Convergence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The {@code up} that {@link Main} runs without picocli reads its arguments as picocli does and
 * prints what the picocli command prints; what it does not know it leaves to picocli.
 */
class DirectUpTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {
        "up spec.yaml",
        "--state-dir /tmp/vs-a up spec.yaml",
        "--state-dir=/tmp/vs-a --connect test:///default -q up spec.yaml -o json",
        "up spec.yaml --wait --timeout 90s -v",
        "up --dry-run spec.yaml --recreate --instance-id new --output=JSON",
        "-q up spec.yaml --timeout=2m --instance-id=stable --state-dir /tmp/vs-b",
        "up plan.yaml --parallel 3", "up --parallel=1 plan.yaml",
        "up up",
    })
    void readsThePlainSpellingsAsPicocliDoes(String line) {
        String[] args = line.split(" ");
        DirectUp.Request direct = DirectUp.parse(args, System.getenv()).orElseThrow();
        assertThat(direct).isEqualTo(picocliReads(args));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "up", "ls", "up a.yaml b.yaml", "up a.yaml --help", "up -h a.yaml", "up a.yaml -qv", "up a.yaml -ojson",
        "up a.yaml -o yaml", "up a.yaml -o", "up a.yaml --wait --wait", "up a.yaml --wait=true", "--wait up a.yaml",
        "up a.yaml --timeout soon", "up a.yaml --timeout", "up a.yaml --instance-id other", "up -x.yaml",
        "up @opts", "up a.yaml --", "--state-dir a --state-dir b up a.yaml", "up a.yaml -q -q", "up a.yaml --no-such",
        "show up", "up a.yaml --version", "down a", "--state-dir -x up a.yaml", "up a.yaml --parallel 0",
        "up a.yaml --parallel x", "up a.yaml --parallel=-1", "up a.yaml --parallel 2 --parallel 3",
    })
    void leavesEverythingElseToPicocli(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        assertThat(DirectUp.parse(args, System.getenv())).isEmpty();
    }

    @Test
    void takesTheDefaultsFromTheEnvironmentLikeTheCommand() {
        DirectUp.Request r = DirectUp.parse(new String[] {"up", "a.yaml"}, Map.of("VIRTSEED_STATE_DIR", "/tmp/vs-env",
                "VIRTSEED_CONNECT", "test:///default")).orElseThrow();
        assertThat(r.stateDir()).isEqualTo(Path.of("/tmp/vs-env"));
        assertThat(r.connect()).isEqualTo("test:///default");
        assertThat(r.up()).isEqualTo(new UpRun.Request(Path.of("a.yaml"), false, Duration.ofMinutes(10), false, false,
                Convergence.InstanceIdPolicy.STABLE, io.virtseed.core.lifecycle.PlanRun.DEFAULT_PARALLELISM,
                OutputFormat.TABLE));
        assertThat(DirectUp.parse(new String[] {"up", "a.yaml"}, Map.of()).orElseThrow().stateDir())
                .isEqualTo(Path.of("/var/lib/virtseed"));
        assertThat(DirectUp.parse(new String[] {"up", "a.yaml"}, Map.of("VIRTSEED_CONNECT", ""))).isEmpty();
    }

    @Test
    void makesAndReportsWhatThePicocliCommandDoes() throws IOException {
        // as in production, QEMU's user must reach the state folder
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        Path state = Files.createDirectory(tmp.resolve("state"));
        Path img = Files.createDirectories(state.resolve("images/vs-img"));
        Files.writeString(img.resolve("disk.qcow2"), "base");
        Files.writeString(img.resolve("image.json"),
                "{\"name\":\"vs-img\",\"disk\":\"disk.qcow2\",\"format\":\"qcow2\",\"virtual_size\":1048576}");
        Path spec = Files.writeString(tmp.resolve("vs-direct.yaml"), "name: vs-direct\nimage: vs-img\nnetworks: []\n");
        List<String> global = List.of("--state-dir", state.toString(), "--connect", "test:///default", "-q");
        CapturedCli viaPicocli = new CapturedCli(state, "--connect", "test:///default", "-q");

        CapturedCli.Result made = direct(with(global, "up", spec.toString()));
        assertThat(made.exitCode()).as(made.err()).isZero();
        assertThat(made.out()).startsWith("vs-direct running uuid=").contains("accel=tcg");
        assertThat(state.resolve("instances/vs-direct/disk.qcow2")).isNotEmptyFile();

        // libvirt's test driver forgets its domains with each connection: compare what needs none
        Path fresh = Files.writeString(tmp.resolve("vs-fresh.yaml"), "name: vs-fresh\nimage: vs-img\nnetworks: []\n");
        CapturedCli.Result direct = direct(with(global, "up", "--dry-run", fresh.toString()));
        CapturedCli.Result dry = viaPicocli.run("up", "--dry-run", fresh.toString());
        assertThat(direct.exitCode()).as(direct.err()).isZero().isEqualTo(dry.exitCode());
        assertThat(direct.out()).isEqualTo("vs-fresh would be created\n").isEqualTo(dry.out());

        // a failure, here an image the store does not hold, reads the same both ways
        Path bad = Files.writeString(tmp.resolve("vs-bad.yaml"), "name: vs-bad\nimage: vs-nothere\nnetworks: []\n");
        CapturedCli.Result failed = direct(with(global, "up", bad.toString()));
        CapturedCli.Result picocli = viaPicocli.run("up", bad.toString());
        assertThat(failed.exitCode()).isEqualTo(ExitCodes.USAGE).isEqualTo(picocli.exitCode());
        assertThat(failed.err()).contains("vs-nothere").isEqualTo(picocli.err());

        assertThat(direct(with(global, "down", "vs-direct")).exitCode()).isZero(); // through picocli
    }

    private static DirectUp.Request picocliReads(String[] args) {
        CommandLine cl = CommandLines.all(new Wiring.Lazy());
        ParseResult parsed = cl.parseArgs(args);
        VirtseedCommand root = (VirtseedCommand) cl.getCommand();
        UpCommand up = (UpCommand) parsed.subcommand().commandSpec().userObject();
        return new DirectUp.Request(root.stateDir, root.connect, root.verbose, root.quiet,
                new UpRun.Request(up.file, up.waitReady, up.timeout, up.dryRun, up.recreate,
                        UpRun.instanceIdPolicy(up.instanceId).orElseThrow(), up.parallel, up.output));
    }

    private static String[] with(List<String> global, String... rest) {
        List<String> all = new ArrayList<>(global);
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    /** Through {@link Main#run}, which takes the direct way for {@code up} in these spellings. */
    private static CapturedCli.Result direct(String... args) {
        return CapturedCli.throughMain(args);
    }
}
