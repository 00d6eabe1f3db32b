package io.virtseed.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.spec.FileSpec;
import io.virtseed.core.value.MacAddress;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The hand writer of metadata.json writes the mapper's bytes, or leaves the metadata to it. */
class MetadataWriterTest {

    @TempDir
    Path dir;

    /** Every field set, in each of its forms, with text that needs escaping. */
    static Stream<InstanceMetadata> shapes() {
        Map<String, Object> vendor = new LinkedHashMap<>();
        vendor.put("cloud-init", List.of("#cloud-config\n", "#!/bin/sh\necho \"quoted\" \\ back\n"));
        vendor.put("ints", List.of(0, -1, Integer.MAX_VALUE, Long.MIN_VALUE, new BigInteger("123456789012345678901234567890")));
        vendor.put("flags", Arrays.asList(true, false, null));
        vendor.put("nested", Map.of("empty-map", Map.of(), "empty-list", List.of(), "text", "tab\there\u0001\u001f\u007f"));
        vendor.put("non-ascii", "café ünïcode 中文 \u2028 / slash");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("quote.key", "back\\slash \"q\"");
        meta.put("ctl key", "\b\f\n\r\t\u0000");
        NicConfig full = new NicConfig(MetadataFixtures.MAC_1, "lab", false,
                Optional.of(NicConfig.Ipv4Setting.of("10.88.0.10/24", "10.88.0.1")),
                Optional.of(NicConfig.Ipv6Setting.of("fd00:88::10/64", "fd00:88::1")),
                List.of("10.88.0.1", "fd00:88::53"), OptionalInt.of(9000), false,
                List.of(Route.of("10.99.0.0/16", "10.88.0.254"), Route.of("fd00:99::/48", "fd00:88::fe")));
        NicConfig v6only = new NicConfig(MetadataFixtures.MAC_2, "six", false, Optional.empty(),
                Optional.of(NicConfig.Ipv6Setting.of("fd00:66::5/64", null)), List.of(), OptionalInt.empty(), false,
                List.of());
        NicConfig slaac = new NicConfig(MacAddress.of("52:54:00:00:00:03"), "auto", true, Optional.empty(),
                Optional.empty(), List.of("fd00::53"), OptionalInt.of(1280), true, List.of());
        List<NicConfig> nics = List.of(full, v6only, slaac);
        List<NicDevice> devices = new ArrayList<>();
        devices.add(new NicDevice(MetadataFixtures.MAC_1, "pci", Optional.of("0000:00:03.0"), List.of("lab", "a b")));
        devices.add(new NicDevice(MetadataFixtures.MAC_2, "usb", Optional.empty(), List.of()));
        devices.add(NicDevice.of(slaac));
        InstanceMetadata rich = InstanceMetadata.builder(MetadataFixtures.UUID_1, "rich \"one\" é", "rich.example",
                        MetadataFixtures.seed())
                .launchIndex(3).availabilityZone("zone-\\b").projectId("proj_1-x")
                .sshKey("key0", MetadataFixtures.ED25519).sshKey("other", MetadataFixtures.ECDSA)
                .meta(meta).files(List.of(new FileSpec("/etc/ünï \"q\"", new byte[0]),
                        new FileSpec("/b", MetadataFixtures.BINARY_FILE)))
                .adminPass("p\"w\\d é").userData(new byte[] {1, 2, 3, 4, 5})
                .vendorData(vendor).nics(nics).devices(devices).instanceType("t").amiId("ami-0123abcd").build();
        return Stream.of(MetadataFixtures.typical(), MetadataFixtures.bare().build(), rich,
                MetadataFixtures.bare().nics(List.of()).build());
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void writesTheMappersBytes(InstanceMetadata md) throws Exception {
        byte[] mine = MetadataWriter.write(MetadataFile.CURRENT_VERSION, md).orElseThrow();
        assertThat(new String(mine, StandardCharsets.UTF_8))
                .isEqualTo(new String(MetadataFile.writtenByMapper(md), StandardCharsets.UTF_8));
        assertThat(mine).isEqualTo(MetadataFile.writtenByMapper(md));
        MetadataFile.write(dir, md);
        assertThat(MetadataFile.read(dir)).contains(md);
    }

    /** A double (its text is the mapper's to choose) or a surrogate: the mapper writes it, so the file is its bytes. */
    @Test
    void leavesToTheMapperWhatItWritesItsOwnWay() throws Exception {
        InstanceMetadata withDouble = MetadataFixtures.bare().vendorData(Map.of("d", 0.1 + 0.2)).build();
        InstanceMetadata withSurrogate = MetadataFixtures.bare().meta(Map.of("smile", "\uD83D\uDE00")).build();
        for (InstanceMetadata md : List.of(withDouble, withSurrogate)) {
            assertThat(MetadataWriter.write(MetadataFile.CURRENT_VERSION, md)).isEmpty();
            MetadataFile.write(dir, md);
            assertThat(Files.readAllBytes(MetadataFile.path(dir))).isEqualTo(MetadataFile.writtenByMapper(md));
            assertThat(MetadataFile.read(dir)).contains(md);
        }
    }
}
