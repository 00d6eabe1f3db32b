package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The {@code drive build} that {@link Main} runs without picocli reads its arguments as picocli
 * does, writes the same bytes, prints the same line and fails with the same message and exit code;
 * what it does not know it leaves to picocli.
 */
class DriveBuildDirectTest {

    @TempDir
    Path tmp;

    private Path spec;

    @BeforeEach
    void setUp() throws IOException {
        spec = Files.writeString(tmp.resolve("spec.yaml"), DriveSpecs.full());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "drive build s.yaml -o out.iso",
        "--state-dir /tmp/vs-a drive build s.yaml --output=out.iso --format nocloud",
        "-v drive build -o out.iso s.yaml --format=NoCloud --force --reproducible",
        "drive -q build --uuid 6a0f3c1e-5b7d-4e2a-9c18-3f4d5e6a7b8c s.yaml -o o --format ISO",
        "drive build s.yaml -o o --connect test:///default --verbose --quiet",
    })
    void readsThePlainSpellingsAsPicocliDoes(String line) {
        String[] args = line.split(" ");
        assertThat(DriveBuild.parse(args, Map.of()).orElseThrow()).isEqualTo(picocliReads(args));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "drive", "drive build", "drive build s.yaml", "drive build --help s.yaml -o o", "drive build -h",
        "drive build s.yaml -o o --format vfat", "drive build s.yaml -o o --format floppy",
        "drive build s.yaml -o o --uuid nope", "drive build s.yaml t.yaml -o o", "drive build s.yaml -o o -o p",
        "drive build s.yaml -o o --force --force", "drive build s.yaml -oo", "drive build s.yaml -o=o",
        "drive build s.yaml -o -x", "drive build @args", "drive build s.yaml -o o --", "drive -o o build s.yaml",
        "drive inspect s.yaml", "ls", "build drive s.yaml -o o", "drive build s.yaml -o o --no-such-option",
        "drive build s.yaml -o o --force=true", "--version drive build s.yaml -o o",
    })
    void leavesEverythingElseToPicocli(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        assertThat(DriveBuild.parse(args, Map.of())).isEmpty();
    }

    @Test
    void anEmptyDefaultVariableIsLeftToPicocli() {
        String[] args = {"drive", "build", "s.yaml", "-o", "o"};
        assertThat(DriveBuild.parse(args, Map.of("VIRTSEED_STATE_DIR", ""))).isEmpty();
        assertThat(DriveBuild.parse(args, Map.of("VIRTSEED_CONNECT", ""))).isEmpty();
        assertThat(DriveBuild.parse(args, Map.of("VIRTSEED_STATE_DIR", "/tmp/vs-x"))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"iso", "nocloud"})
    void writesTheBytesAndPrintsTheLineOfThePicocliCommand(String format) throws IOException {
        Path direct = tmp.resolve("direct." + format);
        Path picocli = tmp.resolve("picocli." + format);

        CapturedCli.Result d = direct("drive", "build", spec.toString(), "-o", direct.toString(), "--format", format, "--reproducible");
        CapturedCli.Result p = new CapturedCli(tmp.resolve("state"))
                .run("drive", "build", spec.toString(), "-o", picocli.toString(), "--format", format, "--reproducible");

        assertThat(d.exitCode()).as(d.err()).isZero();
        assertThat(p.exitCode()).as(p.all()).isZero();
        assertThat(d.out()).isEqualTo(p.out().replace(picocli.toString(), direct.toString()))
                .startsWith(direct + ": " + format + " drive, ");
        assertThat(d.err()).isEqualTo(p.err()).isEmpty();
        assertThat(Files.readAllBytes(direct)).isEqualTo(Files.readAllBytes(picocli));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.virtseed.cli.DriveBuildErrorsTest#badSpecs")
    void aBadSpecFailsAsThroughPicocli(String what, String yaml, int line, String problem) throws IOException {
        Files.writeString(spec, yaml);
        assertSameFailure(ExitCodes.USAGE, problem, "drive", "build", spec.toString(), "-o",
                tmp.resolve("bad.iso").toString());
        assertThat(tmp.resolve("bad.iso")).doesNotExist();
    }

    @Test
    void theOtherRefusalsReadTheSameBothWays() throws IOException {
        Path existing = Files.writeString(tmp.resolve("precious.iso"), "precious");
        assertSameFailure(ExitCodes.USAGE, "exists; pass --force", "drive", "build", spec.toString(), "-o",
                existing.toString());
        assertThat(existing).hasContent("precious");
        assertSameFailure(ExitCodes.USAGE, "does not exist", "drive", "build", spec.toString(), "-o",
                tmp.resolve("vs-no-such-folder/x.iso").toString());
        assertSameFailure(ExitCodes.USAGE, "vs-missing.yaml", "drive", "build", tmp.resolve("vs-missing.yaml").toString(), "-o",
                tmp.resolve("m.iso").toString(), "--format", "nocloud");
        Files.writeString(spec, "instances:\n  - name: one\n  - name: two\n");
        assertSameFailure(ExitCodes.USAGE, "exactly one instance", "drive", "build", spec.toString(), "-o",
                tmp.resolve("two.iso").toString());
    }

    private void assertSameFailure(int code, String problem, String... args) {
        CapturedCli.Result d = direct(args);
        CapturedCli.Result p = new CapturedCli(tmp.resolve("state")).run(args); // its --state-dir: unused by a build
        assertThat(d.exitCode()).as(d.err()).isEqualTo(code).isEqualTo(p.exitCode());
        assertThat(d.err()).startsWith("virtseed: ").contains(problem).isEqualTo(p.err());
        assertThat(d.out()).isEqualTo(p.out()).isEmpty();
    }

    private static DriveBuild.Direct picocliReads(String[] args) {
        CommandLine cl = CommandLines.all(new Wiring.Lazy());
        ParseResult parsed = cl.parseArgs(args);
        VirtseedCommand root = (VirtseedCommand) cl.getCommand();
        DriveCommand.Build b = (DriveCommand.Build) parsed.subcommand().subcommand().commandSpec().userObject();
        return new DriveBuild.Direct(new DriveBuild(b.file, b.out, b.format, b.uuid, b.reproducible, b.force),
                root.verbose);
    }

    /** Through {@link Main#run}, which takes the direct way for these arguments. */
    private static CapturedCli.Result direct(String... args) {
        Optional<DriveBuild.Direct> request = DriveBuild.parse(args, System.getenv());
        assertThat(request).as("the direct way takes %s", List.of(args)).isPresent();
        return CapturedCli.throughMain(args);
    }
}
