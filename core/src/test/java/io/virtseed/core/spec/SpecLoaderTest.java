package io.virtseed.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.SpecException;
import io.virtseed.core.error.SpecProblem;
import io.virtseed.core.metadata.UserDataLimit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecLoaderTest {

    private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq8m3mY0Yk3q8Xc1rO6n2g2tYzJpQh0wZlq3x1c9n5E alice@laptop";

    @TempDir
    Path dir;

    private Plan parse(String yaml) {
        return new SpecLoader().parse(yaml, Path.of("vm.yaml"), dir);
    }

    private SpecException failure(String yaml) {
        return (SpecException) org.assertj.core.api.Assertions.catchThrowable(() -> parse(yaml));
    }

    @Test
    void readsEveryDocumentedKeyWithDefaults() throws Exception {
        Files.writeString(dir.resolve("vmlinuz"), "k");
        Files.writeString(dir.resolve("motd"), "from a file\n");
        Files.write(dir.resolve("ud.sh"), "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8));
        InstanceSpec s = parse("""
                name: web1
                image: debian-12-cloudinit
                cpus: 2
                memory: 512MiB
                disk: 10G
                machine: q35
                accel: tcg
                boot: { kernel: ./vmlinuz, cmdline: "root=/dev/vda rw console=ttyS0" }
                hostname: web1.lab.example
                ssh_keys: [ "%s" ]
                password: s3cret
                meta: { role: web, tier: 1 }
                files:
                  - { path: /etc/motd, source: ./motd }
                  - { path: /etc/x, content: "hello\\n" }
                user_data_file: ./ud.sh
                vendor_data: { cloud-init: "#cloud-config\\n" }
                datasource: both
                """.formatted(KEY)).single();
        assertThat(s.name().value()).isEqualTo("web1");
        assertThat(s.cpus()).isEqualTo(2);
        assertThat(s.memory().bytes()).isEqualTo(512L << 20);
        assertThat(s.disk()).hasValueSatisfying(d -> assertThat(d.bytes()).isEqualTo(10L << 30));
        assertThat(s.machine()).isEqualTo(MachineType.Q35);
        assertThat(s.accel()).isEqualTo(Accel.TCG);
        assertThat(s.boot().orElseThrow().kernel()).isEqualTo(dir.resolve("vmlinuz"));
        assertThat(s.meta()).containsEntry("tier", "1");
        assertThat(s.files()).extracting(FileSpec::path).containsExactly("/etc/motd", "/etc/x");
        assertThat(new String(s.files().get(0).content(), StandardCharsets.UTF_8)).isEqualTo("from a file\n");
        assertThat(new String(s.userData().orElseThrow(), StandardCharsets.UTF_8)).startsWith("#!/bin/sh");
        assertThat(s.vendorData()).containsEntry("cloud-init", "#cloud-config\n");
        assertThat(s.datasource()).isEqualTo(Datasource.BOTH);

        InstanceSpec d = parse("name: a1\nimage: img\n").single();
        assertThat(d.cpus()).isEqualTo(1);
        assertThat(d.memory().bytes()).isEqualTo(1L << 30);
        assertThat(d.machine()).isEqualTo(MachineType.PC);
        assertThat(d.hostname()).isEqualTo("a1");
        assertThat(d.datasource()).isEqualTo(Datasource.CONFIGDRIVE);
    }

    @Test
    void unknownKeyNamesFileLineKeyAndWhatIsAllowed() {
        SpecException e = failure("name: web1\nimage: img\nmemroy: 1GiB\n");
        assertThat(e.getMessage()).startsWith("vm.yaml:3:1: unknown key 'memroy'").contains("memory", "cpus");
        assertThat(e.isUsageError()).isTrue();
    }

    @Test
    void badValuesAreNamed() {
        assertThat(failure("name: web1\nimage: img\nmemory: lots\n").getMessage())
                .startsWith("vm.yaml:3:9: memory: invalid size 'lots'");
        assertThat(failure("name: Web_1\nimage: img\n").getMessage()).contains("vm.yaml:1:7", "invalid instance name");
        assertThat(failure("name: w\nimage: img\ncpus: two\n").getMessage()).contains("cpus must be a whole number");
        assertThat(failure("name: w\nimage: img\nmachine: isapc\n").getMessage()).contains("use one of pc, q35");
        assertThat(failure("name: w\nimage: img\ndatasource: floppy\n").getMessage())
                .contains("unknown datasource 'floppy'", "configdrive, configdrive-vfat, nocloud, metadata, both");
        assertThat(failure("name: w\n").getMessage()).contains("image is required");
        assertThat(failure("name: w\nimage: img\nname: x\n").getMessage()).contains("appears twice");
        assertThat(failure("name: [w\n").getMessage()).contains("not valid YAML");
    }

    @Test
    void missingFilesAreNamedWithTheResolvedPath() {
        assertThat(failure("name: w\nimage: ./nope.qcow2\n").getMessage())
                .contains("image: " + dir.resolve("nope.qcow2") + " does not exist");
        assertThat(failure("name: w\nimage: img\nuser_data_file: missing.txt\n").getMessage())
                .contains("user_data_file: " + dir.resolve("missing.txt") + " does not exist");
    }

    @Test
    void enforcesNovaLimitsAndSafePaths() {
        assertThat(failure("name: w\nimage: img\nhostname: bad_host\n").getMessage()).contains("RFC 1123");
        assertThat(failure("name: w\nimage: img\nmeta: { k: " + "v".repeat(256) + " }\n").getMessage())
                .contains("at most 255");
        assertThat(failure("name: w\nimage: img\nuser_data: " + "x".repeat(UserDataLimit.MAX_BYTES + 1) + "\n")
                .getMessage()).contains("user_data: user data is 49150 bytes: at most 49149 bytes", "nova's limit");
        assertThat(failure("name: w\nimage: img\nfiles: [ { path: etc/x, content: a } ]\n").getMessage())
                .contains("must be absolute");
        assertThat(failure("name: w\nimage: img\nfiles: [ { path: /etc/../x, content: a } ]\n").getMessage())
                .contains("'..'");
        assertThat(failure("name: w\nimage: img\nfiles: [ {path: /a, content: x}, {path: /a, content: y} ]\n")
                .getMessage()).contains("injected twice");
        assertThat(failure("name: w\nimage: img\nssh_keys: [ 'ssh-rsa !!notbase64' ]\n").getMessage())
                .contains("key 1 is not an OpenSSH public key");
    }

    @Test
    void planChecksStaticAddressesAgainstTheirNetwork() {
        String plan = """
                networks:
                  - { name: lab, cidr: 10.88.0.0/24, mode: nat }
                instances:
                  - name: web1
                    image: img
                    networks: [ { network: lab, ip: %s } ]
                """;
        Plan ok = parse(plan.formatted("10.88.0.20"));
        assertThat(ok.networks()).singleElement().satisfies(n -> assertThat(n.mode()).isEqualTo(NetworkMode.NAT));
        assertThat(ok.single().networks().get(0).ip()).contains("10.88.0.20");
        assertThat(failure(plan.formatted("10.99.0.20")).getMessage())
                .contains("instances[0].networks[0].ip", "not a host address of network 'lab' (10.88.0.0/24)");
        assertThat(failure(plan.formatted("10.88.0.255")).getMessage()).contains("not a host address");
    }

    @Test
    void collectsEveryProblemWithItsPlace() {
        SpecLoader loader = SpecLoader.checkingImageNames(n -> Optional.of("no image named '" + n + "'"));
        SpecException e = (SpecException) org.assertj.core.api.Assertions.catchThrowable(() -> loader.parse(
                "name: w\nimage: debian-99\ncpus: 0\nmemroy: 1GiB\n", Path.of("vm.yaml"), dir));
        assertThat(e.problems()).extracting(SpecProblem::text).containsExactly(
                "vm.yaml:2:8: image: no image named 'debian-99'",
                "vm.yaml:3:7: cpus: " + InstanceSpec.cpusProblem(0).orElseThrow(),
                "vm.yaml:4:1: unknown key 'memroy'; allowed here: " + allowedKeys(e));
        assertThat(e.getMessage().lines()).hasSize(3);
    }

    private static String allowedKeys(SpecException e) {
        String last = e.problems().get(2).message();
        return last.substring(last.indexOf("allowed here: ") + "allowed here: ".length());
    }

    @Test
    void theImageIsANameOrAPathByItsSpellingAlone() throws Exception {
        Files.writeString(dir.resolve("disk.qcow2"), "not read");
        assertThat(parse("name: w\nimage: ./disk.qcow2\n").single().image())
                .isEqualTo(new ImageRef.File(dir.resolve("disk.qcow2")));
        assertThat(parse("name: w\nimage: disk.qcow2\n").single().image()).as("a suffix does not make a path")
                .isEqualTo(new ImageRef.Named(io.virtseed.core.value.ImageName.of("disk.qcow2")));
        SpecLoader checking = SpecLoader.checkingImageNames(n -> Optional.of("no image named '" + n + "'"));
        SpecException e = (SpecException) org.assertj.core.api.Assertions.catchThrowable(
                () -> checking.parse("name: w\nimage: disk.qcow2\n", Path.of("vm.yaml"), dir));
        assertThat(e.getMessage()).contains("vm.yaml:2:8", "no image named 'disk.qcow2'",
                "for the file next to the spec, write image: ./disk.qcow2");
        assertThat(failure("name: w\nimage: Debian 12\n").getMessage()).contains("vm.yaml:2:8",
                "'Debian 12' is not an image name", "or a path to an image file");
        assertThat(SpecLoader.forDrivesOnly().parse("name: w\n", Path.of("vm.yaml"), dir).single().image())
                .isEqualTo(new ImageRef.Absent());
    }

    @Test
    void sshUserKeyIsReadAndChecked() {
        assertThat(parse("name: w\nimage: img\nssh_user: ops\n").single().sshUser()).contains("ops");
        assertThat(parse("name: w\nimage: img\n").single().sshUser()).isEmpty();
        assertThat(failure("name: w\nimage: img\nssh_user: \"-oProxyCommand=x\"\n").getMessage())
                .startsWith("vm.yaml:3:11: ssh_user: '-oProxyCommand=x' is not a user name");
    }

    @Test
    void uuidKeyIsReadAndChecked() {
        assertThat(parse("name: w\nimage: img\nuuid: 6a0f3c1e-5b7d-4e2a-9c18-3f4d5e6a7b8c\n").single().uuid())
                .contains(UUID.fromString("6a0f3c1e-5b7d-4e2a-9c18-3f4d5e6a7b8c"));
        assertThat(failure("name: w\nimage: img\nuuid: 1-2-3-4-5\n").getMessage())
                .startsWith("vm.yaml:3:7: uuid: '1-2-3-4-5' is not a uuid");
        assertThat(failure("name: w\nimage: img\nuuid: 00000000-0000-0000-0000-000000000000\n").getMessage())
                .contains("nil uuid");
        assertThat(failure("""
                instances:
                  - { name: a, image: img, uuid: 6a0f3c1e-5b7d-4e2a-9c18-3f4d5e6a7b8c }
                  - { name: b, image: img, uuid: 6a0f3c1e-5b7d-4e2a-9c18-3f4d5e6a7b8c }
                """).getMessage()).contains("have the same uuid");
    }

    @Test
    void derivedUuidIsAStableVersion5Uuid() {
        UUID a = InstanceUuids.fromName(io.virtseed.core.value.InstanceName.of("web1"));
        assertThat(a).isEqualTo(InstanceUuids.fromName(io.virtseed.core.value.InstanceName.of("web1")))
                .isNotEqualTo(InstanceUuids.fromName(io.virtseed.core.value.InstanceName.of("web2")));
        assertThat(a.version()).isEqualTo(5);
        assertThat(a.variant()).isEqualTo(2);
        // RFC 9562 appendix A.4's example: "www.example.com" in the DNS namespace
        assertThat(InstanceUuids.nameBased(UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "www.example.com"))
                .isEqualTo(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
    }

    @Test
    void recordsKeepTheImageAsTextAndReadItBack() {
        ImageRef file = new ImageRef.File(dir.resolve("x/../disk.raw"));
        assertThat(file.text()).isEqualTo(dir.resolve("disk.raw").toString());
        assertThat(ImageRef.ofText(file.text())).isEqualTo(file);
        assertThat(ImageRef.ofText("debian-12-cloudinit"))
                .isEqualTo(new ImageRef.Named(io.virtseed.core.value.ImageName.of("debian-12-cloudinit")));
    }

    /** down FILE after the image and the kernel were moved away: the names are all it needs. */
    @Test
    void aSpecForRemovalNeedsNoneOfItsFiles() throws Exception {
        Path spec = Files.writeString(dir.resolve("gone.yaml"), """
                name: vs-gone
                image: ./moved.qcow2
                boot: { kernel: ./moved-vmlinuz, initrd: ./moved-initrd }
                """);
        assertThatThrownBy(() -> new SpecLoader().load(spec)).hasMessageContaining("does not exist");
        Plan plan = SpecLoader.forRemoval().load(spec);
        assertThat(plan.instances()).extracting(i -> i.name().value()).containsExactly("vs-gone");
    }
}
