package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code virtseed up} with a broken spec stops before it creates anything: exit 2, a message with
 * the spec's file, line and key, and no instance folder in the state directory. Uses libvirt's
 * test driver URI so that nothing could reach a real hypervisor even if the check failed.
 */
class UpSpecErrorsTest {

    private static final String NAME = "vs-bad1";

    @TempDir
    Path tmp;

    private Path stateDir;
    private Path spec;
    private CapturedCli cli;

    @BeforeEach
    void setUp() throws IOException {
        stateDir = Files.createDirectory(tmp.resolve("state"));
        // a stored image named debian-12, so only the fault each test plants is wrong with the spec
        Path img = Files.createDirectories(stateDir.resolve("images/debian-12"));
        Files.writeString(img.resolve("disk.qcow2"), "base");
        Files.writeString(img.resolve("image.json"),
                "{\"name\":\"debian-12\",\"disk\":\"disk.qcow2\",\"format\":\"qcow2\",\"virtual_size\":1}");
        spec = tmp.resolve("bad.yaml");
        cli = new CapturedCli(stateDir, "--connect", "test:///default");
    }

    static Stream<Arguments> brokenSpecs() {
        return Stream.of(
                Arguments.of("unknown key", "name: " + NAME + "\nimage: debian-12\nflavour: large\n", 3,
                        "unknown key 'flavour'"),
                Arguments.of("size that is no size", "name: " + NAME + "\nimage: debian-12\nmemory: lots\n", 3,
                        "memory: invalid size 'lots'"),
                Arguments.of("no image at all", "name: " + NAME + "\ncpus: 1\n", 1, "image is required"),
                Arguments.of("image file that does not exist", "name: " + NAME + "\nimage: ./nothere.qcow2\n", 2,
                        "nothere.qcow2 does not exist"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenSpecs")
    void brokenSpecIsAUsageErrorAndCreatesNothing(String what, String yaml, int line, String problem)
            throws Exception {
        Files.writeString(spec, yaml);
        var r = cli.run("up", spec.toString());
        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).as(r.all()).contains(spec + ":" + line + ":").contains(problem);
        assertNoInstanceFolder();
    }

    @Test
    void imageNameNotInTheStoreIsAUsageErrorAndCreatesNothing() throws Exception {
        Files.writeString(spec, "name: " + NAME + "\nimage: debian-99\n");
        var r = cli.run("up", spec.toString());
        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).as(r.all()).contains(spec + ":2:", "image: no image named 'debian-99'",
                "virtseed image import debian-99", "stored: debian-12");
        assertNoInstanceFolder();
    }

    @Test
    void everyProblemInTheSpecIsReportedAtOnceEachOnItsOwnLine() throws Exception {
        Files.writeString(spec, "name: " + NAME + "\nimage: debian-99\nmemroy: 1GiB\n");
        var r = cli.run("up", spec.toString());
        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().lines()).as(r.all())
                .anySatisfy(l -> assertThat(l).contains(spec + ":2:8: image: no image named 'debian-99'"))
                .anySatisfy(l -> assertThat(l).contains(spec + ":3:1: unknown key 'memroy'"));
        assertNoInstanceFolder();
    }

    static Stream<Arguments> brokenPlans() {
        return Stream.of(
                Arguments.of("a bad value in the second instance", "cpus: many",
                        List.of("bad.yaml:6:", "instances[1].cpus")),
                Arguments.of("the metadata datasource without a NIC", "datasource: metadata\n    networks: []",
                        List.of("datasource 'metadata' reads the metadata service over the network, but the instance"
                                + " has no NIC")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenPlans")
    void aPlanWithOneBrokenInstanceCreatesNoneOfItsInstances(String what, String badLine, List<String> problem)
            throws Exception {
        Files.writeString(spec, """
                instances:
                  - name: vs-good1
                    image: debian-12
                  - name: %s
                    image: debian-12
                    %s
                """.formatted(NAME, badLine));
        var r = cli.run("up", spec.toString());
        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).as(r.all()).contains(problem);
        assertNoInstanceFolder();
        assertThat(stateDir.resolve("instances").resolve("vs-good1")).doesNotExist();
    }

    private void assertNoInstanceFolder() {
        assertThat(stateDir.resolve("instances").resolve(NAME)).doesNotExist();
    }
}
