package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code virtseed drive build} refuses bad input with exit 2, a message naming the spec line and
 * the problem, and writes nothing. Runs in-process; no system tool is needed.
 */
class DriveBuildErrorsTest {

    @TempDir
    Path tmp;

    private CapturedCli cli;
    private Path work;
    private Path spec;
    private Path out;

    @BeforeEach
    void setUp() throws IOException {
        cli = new CapturedCli(tmp.resolve("state"));
        work = Files.createDirectory(tmp.resolve("work"));
        spec = work.resolve("spec.yaml");
        out = work.resolve("disk.config");
    }

    static Stream<Arguments> badSpecs() {
        return Stream.of(
                Arguments.of("unknown key", "name: bad1\ncolour: blue\n", 2, "unknown key 'colour'"),
                Arguments.of("hostname with an underscore", "name: bad1\nhostname: bad_host\n", 2,
                        "hostname: 'bad_host'"),
                Arguments.of("meta value of 256 characters", "name: bad1\nmeta: { note: " + "v".repeat(256) + " }\n",
                        2, "meta: item 'note'"),
                Arguments.of("user data of 49150 bytes", "name: bad1\nuser_data: \"" + "u".repeat(49150) + "\"\n", 2,
                        "user data is 49150 bytes"),
                Arguments.of("relative injected path", "name: bad1\nfiles:\n  - { path: etc/x, content: x }\n", 3,
                        "files[0].path: injected file path 'etc/x' must be absolute"),
                Arguments.of("injected path with ..", "name: bad1\nfiles:\n  - { path: /a/../b, content: x }\n", 3,
                        "files[0].path: injected file path '/a/../b' must not contain"),
                Arguments.of("the same path twice", """
                        name: bad1
                        files:
                          - { path: /etc/motd, content: one }
                          - { path: /etc/motd, content: two }
                        """, 4, "files[1].path: '/etc/motd' is injected twice"),
                Arguments.of("malformed ssh key",
                        "name: bad1\nssh_keys: [ \"" + DriveSpecs.ED25519 + "\", \"ssh-ed25519 AAAA!!! eve\" ]\n", 2,
                        "ssh_keys: key 2 is not an OpenSSH public key"),
                Arguments.of("static ip outside its network", """
                        networks:
                          - { name: lab, cidr: 10.88.0.0/24 }
                        instances:
                          - name: bad1
                            networks:
                              - { network: lab, ip: 10.99.0.5, dhcp: false }
                        """, 6, "instances[0].networks[0].ip: 10.99.0.5 is not a host address of network 'lab'"),
                Arguments.of("unknown datasource", "name: bad1\ndatasource: floppy\n", 2,
                        "datasource: unknown datasource 'floppy'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSpecs")
    void badSpecIsAUsageErrorAndWritesNothing(String what, String yaml, int line, String problem) throws Exception {
        Files.writeString(spec, yaml);
        var r = cli.run("drive", "build", spec.toString(), "-o", out.toString(), "--uuid",
                DriveSpecs.INSTANCE.toString());
        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).as(r.all()).contains(spec + ":" + line + ":").contains(problem);
        assertThat(r.out()).isEmpty();
        try (Stream<Path> files = Files.list(work)) {
            assertThat(files).as("no drive and no temp file").containsExactly(spec);
        }
    }

    @Test
    void valuesAtNovasLimitsAreAccepted() throws Exception {
        Files.writeString(spec, "name: ok1\nmeta: { note: " + "v".repeat(255) + " }\nuser_data: \""
                + "u".repeat(49149) + "\"\n");
        var r = cli.run("drive", "build", spec.toString(), "-o", out.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(out).isRegularFile();
    }

    @Test
    void existingOutputIsLeftAloneWithoutForce() throws Exception {
        Files.writeString(spec, DriveSpecs.full());
        Files.writeString(out, "precious");
        var r = cli.run("drive", "build", spec.toString(), "-o", out.toString());
        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains(out + " exists; pass --force");
        assertThat(out).hasContent("precious");

        var forced = cli.run("drive", "build", spec.toString(), "-o", out.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.all()).isZero();
        assertThat(Files.size(out)).isGreaterThan(32 * 1024);
    }

    @Test
    void badFormatIsAUsageError() throws Exception {
        Files.writeString(spec, DriveSpecs.full());
        var r = cli.run("drive", "build", spec.toString(), "-o", out.toString(), "--format", "floppy");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--format", "floppy");
        assertThat(out).doesNotExist();
    }
}
