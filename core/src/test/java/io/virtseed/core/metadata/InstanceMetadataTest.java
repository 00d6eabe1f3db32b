package io.virtseed.core.metadata;

import static io.virtseed.core.metadata.MetadataFixtures.MAC_1;
import static io.virtseed.core.metadata.MetadataFixtures.MAC_2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.SpecException;
import io.virtseed.core.spec.FileSpec;
import io.virtseed.core.spec.InstanceSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstanceMetadataTest {

    @Test
    void fromSpecTakesEverythingTheSpecSays() {
        InstanceMetadata md = MetadataFixtures.typical();
        assertThat(md.uuid()).isEqualTo(MetadataFixtures.UUID_1);
        assertThat(md.name()).isEqualTo("web1");
        assertThat(md.hostname()).isEqualTo("web1.lab.example");
        assertThat(md.availabilityZone()).isEqualTo("nova");
        assertThat(md.publicKeys()).containsOnlyKeys("key0", "key1");
        assertThat(md.publicKeys().get("key1").line()).isEqualTo(MetadataFixtures.RSA);
        assertThat(md.meta()).containsExactly(Map.entry("role", "web"), Map.entry("tier", "1"));
        assertThat(md.files()).extracting(FileSpec::path).containsExactly("/etc/motd", "/opt/app/blob.bin");
        assertThat(md.adminPass()).contains(MetadataFixtures.PASSWORD);
        assertThat(md.userData()).get().isEqualTo(MetadataFixtures.USER_DATA);
        assertThat(md.devices()).extracting(NicDevice::mac).containsExactly(MAC_1, MAC_2);
        assertThat(md.devices().get(0).tags()).containsExactly("lab");
        assertThat(md.instanceType()).isEqualTo("vs.2cpu.1GiB");
        assertThat(md.amiId()).isEqualTo(InstanceMetadata.from(MetadataFixtures.typicalSpec(), UUID.randomUUID(),
                List.of(), MetadataFixtures.seed()).amiId());
        assertThat(md.ec2InstanceId()).isEqualTo("i-6f1c2b9e");
        assertThat(md.toString()).doesNotContain(MetadataFixtures.PASSWORD).doesNotContain("cloud-config");
    }

    @Test
    void arraysAreCopiedInAndOut() {
        byte[] seed = MetadataFixtures.seed();
        InstanceMetadata md = MetadataFixtures.bare().build();
        md.randomSeed()[0] ^= 1;
        assertThat(md.randomSeed()).isEqualTo(seed);
        InstanceMetadata.Builder b = MetadataFixtures.bare();
        byte[] ud = {1, 2, 3};
        b.userData(ud);
        ud[0] = 9;
        assertThat(b.build().userData()).get().isEqualTo(new byte[] {1, 2, 3});
    }

    @ParameterizedTest
    @ValueSource(strings = {"-web", "web-", "we_b", "a..b", "a.", "", "web.-lab", "1.2.3.4"})
    void hostnameMustBeRfc1123(String hostname) {
        assertThatThrownBy(() -> InstanceMetadata.builder(MetadataFixtures.UUID_1, "n", hostname, MetadataFixtures.seed()).build())
                .isInstanceOf(SpecException.class).hasMessageContaining("hostname '" + hostname + "'")
                .hasMessageContaining("RFC 1123");
    }

    @Test
    void hostnameLengthLimits() {
        String label63 = "a".repeat(63);
        String ok = String.join(".", label63, label63, label63, "a".repeat(61));
        assertThat(ok).hasSize(253);
        assertThat(InstanceMetadata.builder(MetadataFixtures.UUID_1, "n", ok, MetadataFixtures.seed()).build().hostname())
                .isEqualTo(ok);
        assertThatThrownBy(() -> InstanceMetadata.builder(MetadataFixtures.UUID_1, "n", ok + "b", MetadataFixtures.seed()).build())
                .isInstanceOf(SpecException.class).hasMessageContaining("at most 253 characters");
        assertThatThrownBy(() -> InstanceMetadata.builder(MetadataFixtures.UUID_1, "n", "a".repeat(64), MetadataFixtures.seed()).build())
                .isInstanceOf(SpecException.class).hasMessageContaining("invalid label");
        assertThat(InstanceMetadata.builder(MetadataFixtures.UUID_1, "n", "Web-1.Lab9", MetadataFixtures.seed()).build()).isNotNull();
    }

    @Test
    void malformedKeyIsRejectedNamingItsIndex() {
        InstanceSpec spec = MetadataFixtures.typicalSpec();
        InstanceSpec bad = new InstanceSpec(spec.name(), spec.image(), spec.cpus(), spec.memory(), spec.disk(),
                spec.machine(), spec.accel(), spec.boot(), spec.hostname(),
                List.of(MetadataFixtures.ED25519, "ssh-ed25519 AAAAnotakey"), spec.password(), spec.meta(), spec.files(),
                spec.userData(), spec.vendorData(), spec.datasource(), spec.networks(), spec.firmware(), spec.uuid());
        assertThatThrownBy(() -> InstanceMetadata.from(bad, MetadataFixtures.UUID_1, List.of(), MetadataFixtures.seed()))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("ssh_keys[1]: ");
        assertThatThrownBy(() -> MetadataFixtures.bare().sshKey("a", MetadataFixtures.RSA).sshKey("a", MetadataFixtures.ED25519))
                .isInstanceOf(SpecException.class).hasMessageContaining("key name 'a' is used twice");
    }

    @Test
    void metaFollowsNovaLimits() {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 129; i++) {
            many.put("k" + i, "v");
        }
        assertThatThrownBy(() -> MetadataFixtures.bare().meta(many).build())
                .isInstanceOf(SpecException.class).hasMessage("meta has 129 items: at most 128 are allowed");
        many.remove("k0");
        assertThat(MetadataFixtures.bare().meta(many).build().meta()).hasSize(128);
        assertThatThrownBy(() -> MetadataFixtures.bare().meta(Map.of("k".repeat(256), "v")).build())
                .isInstanceOf(SpecException.class).hasMessageContaining("meta key").hasMessageContaining("1 to 255 characters");
        assertThatThrownBy(() -> MetadataFixtures.bare().meta(Map.of("a/b", "v")).build())
                .isInstanceOf(SpecException.class).hasMessageContaining("meta key 'a/b' is invalid");
        assertThatThrownBy(() -> MetadataFixtures.bare().meta(Map.of("k", "v".repeat(256))).build())
                .isInstanceOf(SpecException.class).hasMessage("meta value of 'k' must be a string of at most 255 characters");
        assertThat(MetadataFixtures.bare().meta(Map.of("k".repeat(255), "v".repeat(255))).build().meta()).hasSize(1);
    }

    @Test
    void injectedFilesMustNotCollide() {
        byte[] x = {1};
        assertThatThrownBy(() -> MetadataFixtures.bare().files(List.of(new FileSpec("/etc/a", x), new FileSpec("/etc/a", x))).build())
                .isInstanceOf(SpecException.class).hasMessage("files: path /etc/a is given twice");
        assertThatThrownBy(() -> MetadataFixtures.bare().files(List.of(new FileSpec("/etc/a", x), new FileSpec("/etc/a/b", x))).build())
                .isInstanceOf(SpecException.class).hasMessageContaining("/etc/a is a file but /etc/a/b needs it to be a directory");
        // the path rules themselves (absolute, no '..', no NUL) belong to FileSpec
        assertThatThrownBy(() -> new FileSpec("/etc/../x", x)).hasMessageContaining("'..'");
        assertThatThrownBy(() -> new FileSpec("etc/x", x)).hasMessageContaining("must be absolute");
        assertThatThrownBy(() -> new FileSpec("/etc/\0x", x)).hasMessageContaining("NUL");
    }

    @Test
    void userDataFollowsNovasLimit() {
        assertThat(MetadataFixtures.bare().userData(new byte[49_149]).build().userData()).get()
                .satisfies(b -> assertThat(b).hasSize(49_149));
        assertThatThrownBy(() -> MetadataFixtures.bare().userData(new byte[49_150]).build())
                .isInstanceOf(SpecException.class)
                .hasMessageStartingWith("user_data is 49150 bytes: at most 49149 bytes are allowed");
    }

    @Test
    void randomSeedMustBe512Bytes() {
        assertThatThrownBy(() -> InstanceMetadata.builder(MetadataFixtures.UUID_1, "n", "h", new byte[511]).build())
                .isInstanceOf(SpecException.class).hasMessage("random_seed must be 512 bytes, got 511");
    }

    @Test
    void vendorDataMustBeJsonWithAUsableCloudInitMember() {
        assertThatThrownBy(() -> MetadataFixtures.bare().vendorData(Map.of("cloud-init", Map.of("a", 1))).build())
                .isInstanceOf(SpecException.class).hasMessage("vendor_data.cloud-init must be a string or a list of strings");
        assertThatThrownBy(() -> MetadataFixtures.bare().vendorData(Map.of("cloud-init", List.of("a", 2))).build())
                .isInstanceOf(SpecException.class).hasMessageContaining("list of strings");
        assertThatThrownBy(() -> MetadataFixtures.bare().vendorData(Map.of("x", List.of(Optional.empty()))).build())
                .isInstanceOf(SpecException.class).hasMessageContaining("vendor_data.x[0] holds a Optional");
        assertThatThrownBy(() -> MetadataFixtures.bare().vendorData(Map.of("x", Double.NaN)).build())
                .isInstanceOf(SpecException.class).hasMessageContaining("vendor_data.x is NaN");
        assertThat(MetadataFixtures.bare().vendorData(Map.of("cloud-init", List.of("#cloud-config\n"))).build()
                .vendorData()).containsKey("cloud-init");
    }

    @Test
    void nicsAndDevicesMustAgree() {
        assertThatThrownBy(() -> MetadataFixtures.bare()
                .nics(List.of(NicConfig.dhcp(MAC_1, "a"), NicConfig.dhcp(MAC_1, "b"))).build())
                .isInstanceOf(SpecException.class).hasMessage("nics: MAC 52:54:00:12:34:56 is used by two NICs");
        assertThatThrownBy(() -> MetadataFixtures.bare()
                .devices(List.of(new NicDevice(MAC_2, "pci", Optional.empty(), List.of()))).build())
                .isInstanceOf(SpecException.class).hasMessageContaining("belongs to no NIC");
        assertThatThrownBy(() -> new NicDevice(MAC_1, "pci", Optional.of("00:03.0"), List.of()))
                .isInstanceOf(SpecException.class).hasMessageContaining("PCI address '00:03.0' is invalid");
        assertThatThrownBy(() -> new NicDevice(MAC_1, "virtio", Optional.empty(), List.of()))
                .isInstanceOf(SpecException.class).hasMessageContaining("bus 'virtio'");
        assertThatThrownBy(() -> new NicDevice(MAC_1, "pci", Optional.empty(), List.of("a/b")))
                .isInstanceOf(SpecException.class).hasMessageContaining("tag 'a/b' is invalid");
    }

    @Test
    void identityAndTextFieldsAreChecked() {
        assertThatThrownBy(() -> InstanceMetadata.builder(new UUID(0, 0), "n", "h", MetadataFixtures.seed()).build())
                .isInstanceOf(SpecException.class).hasMessageContaining("nil UUID");
        assertThatThrownBy(() -> MetadataFixtures.bare().availabilityZone("").build())
                .isInstanceOf(SpecException.class).hasMessageContaining("availability_zone must be 1 to 255 characters");
        assertThatThrownBy(() -> MetadataFixtures.bare().adminPass("a\nb").build())
                .isInstanceOf(SpecException.class).hasMessage("admin_pass must not contain control characters");
        assertThatThrownBy(() -> MetadataFixtures.bare().projectId("a b").build())
                .isInstanceOf(SpecException.class).hasMessageContaining("project_id 'a b' is invalid");
        assertThatThrownBy(() -> MetadataFixtures.bare().launchIndex(-1).build())
                .isInstanceOf(SpecException.class).hasMessageContaining("launch_index");
        assertThatThrownBy(() -> MetadataFixtures.bare().amiId("ami-xyz").build())
                .isInstanceOf(SpecException.class).hasMessageContaining("ami_id 'ami-xyz' is invalid");
    }

    @Test
    void equalityCoversByteContent() {
        assertThat(MetadataFixtures.typical()).isEqualTo(MetadataFixtures.typical())
                .hasSameHashCodeAs(MetadataFixtures.typical());
        assertThat(MetadataFixtures.bare().userData(new byte[] {1}).build())
                .isNotEqualTo(MetadataFixtures.bare().userData(new byte[] {2}).build());
    }
}
