package io.virtseed.core.metadata;

import static io.virtseed.core.metadata.MetadataFixtures.MAC_1;
import static io.virtseed.core.metadata.MetadataFixtures.MAC_2;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class MetadataTreeRendererTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final MetadataTreeRenderer renderer = new MetadataTreeRenderer();

    @Test
    void driveTreeOfTypicalInstanceMatchesGolden() {
        GoldenTrees.assertMatches(renderer.openStackTree(MetadataFixtures.typical()), "typical/drive");
    }

    @Test
    void httpTreeOfTypicalInstanceMatchesGolden() {
        GoldenTrees.assertMatches(renderer.httpTree(MetadataFixtures.typical()), "typical/http");
    }

    @Test
    void noCloudTreeOfTypicalInstanceMatchesGolden() {
        GoldenTrees.assertMatches(renderer.noCloudTree(MetadataFixtures.typical()), "typical/nocloud");
    }

    @Test
    void convenienceMethodsOnInstanceMetadataGiveTheRendererTrees() {
        InstanceMetadata md = MetadataFixtures.typical();
        assertThat(md.openStackTree()).isEqualTo(renderer.openStackTree(md, Channel.DRIVE));
        assertThat(md.httpTree()).isEqualTo(md.openStackTree(Channel.HTTP)).isNotEqualTo(md.openStackTree());
        assertThat(md.noCloudTree()).isEqualTo(renderer.noCloudTree(md));
    }

    @Test
    void filesAndKeysAreGatedByVersion() throws IOException {
        InstanceMetadata md = MetadataFixtures.bare().projectId("p1").build();
        MetadataTree tree = renderer.openStackTree(md);
        for (OpenStackVersion v : OpenStackVersion.values()) {
            String dir = "openstack/" + v.dirName() + "/";
            assertThat(tree.contains(dir + "meta_data.json")).as(dir).isTrue();
            assertThat(tree.contains(dir + "vendor_data.json")).as(dir).isEqualTo(v.compareTo(OpenStackVersion.HAVANA) >= 0);
            assertThat(tree.contains(dir + "network_data.json")).as(dir).isEqualTo(v.compareTo(OpenStackVersion.LIBERTY) >= 0);
            assertThat(tree.contains(dir + "vendor_data2.json")).as(dir).isEqualTo(v.compareTo(OpenStackVersion.NEWTON_TWO) >= 0);
            assertThat(tree.contains(dir + "user_data")).as(dir).isFalse();
            JsonNode meta = json(tree, dir + "meta_data.json");
            assertThat(meta.has("random_seed")).as(dir).isEqualTo(v.compareTo(OpenStackVersion.GRIZZLY) >= 0);
            assertThat(meta.has("project_id")).as(dir).isEqualTo(v.compareTo(OpenStackVersion.LIBERTY) >= 0);
            assertThat(meta.has("devices")).as(dir).isEqualTo(v.compareTo(OpenStackVersion.NEWTON_ONE) >= 0);
            assertThat(meta.has("dedicated_cpus")).as(dir).isEqualTo(v.compareTo(OpenStackVersion.VICTORIA) >= 0);
        }
        assertThat(tree.files().keySet().stream().filter(p -> p.startsWith("openstack/")).map(p -> p.split("/")[1]).distinct())
                .containsExactly("2012-08-10", "2013-04-04", "2013-10-17", "2015-10-15", "2016-06-30", "2016-10-06",
                        "2017-02-22", "2018-08-27", "2020-10-14", "2025-04-04", "latest");
        assertThat(tree.files().keySet()).filteredOn(p -> p.startsWith("ec2/"))
                .containsExactly("ec2/2009-04-04/meta-data.json", "ec2/latest/meta-data.json");
    }

    @Test
    void latestCarriesTheSameMetadataAsTheNewestDatedVersion() throws IOException {
        MetadataTree tree = renderer.openStackTree(MetadataFixtures.typical());
        assertThat(tree.get("openstack/latest/meta_data.json")).get()
                .isEqualTo(tree.get("openstack/2025-04-04/meta_data.json").orElseThrow());
        assertThat(json(tree, "openstack/2018-08-27/meta_data.json").get("uuid").asText())
                .isEqualTo(MetadataFixtures.UUID_1.toString());
    }

    @Test
    void httpTreeHasNoAdminPassNoFilesAndNoContent() {
        InstanceMetadata md = MetadataFixtures.typical();
        MetadataTree http = renderer.httpTree(md);
        MetadataTree drive = renderer.openStackTree(md);
        assertThat(drive.files().values()).anyMatch(b -> contains(b, MetadataFixtures.PASSWORD));
        assertThat(http.files().values()).noneMatch(b -> contains(b, MetadataFixtures.PASSWORD));
        assertThat(http.files().keySet()).noneMatch(p -> p.startsWith("openstack/content/"));
        for (OpenStackVersion v : OpenStackVersion.values()) {
            JsonNode meta = json(http, "openstack/" + v.dirName() + "/meta_data.json");
            assertThat(meta.has("admin_pass")).isFalse();
            assertThat(meta.has("files")).isFalse();
            assertThat(json(drive, "openstack/" + v.dirName() + "/meta_data.json").get("admin_pass").asText())
                    .isEqualTo(MetadataFixtures.PASSWORD);
        }
    }

    @Test
    void everyJsonFileParsesAndNoCloudFilesAreYamlMappings() throws IOException {
        InstanceMetadata md = MetadataFixtures.typical();
        for (MetadataTree tree : List.of(renderer.openStackTree(md), renderer.httpTree(md),
                renderer.openStackTree(MetadataFixtures.bare().build()))) {
            List<String> jsonFiles = tree.files().keySet().stream().filter(p -> p.endsWith(".json")).toList();
            assertThat(jsonFiles).hasSizeGreaterThan(30);
            for (String p : jsonFiles) {
                assertThat(json(tree, p).isObject()).as(p).isTrue();
            }
        }
        MetadataTree noCloud = renderer.noCloudTree(md);
        assertThat(yaml(noCloud, "meta-data").get("instance-id").asText()).isEqualTo(md.uuid().toString());
        assertThat(yaml(noCloud, "network-config").get("version").asInt()).isEqualTo(1);
    }

    @Test
    void userDataBytesPassUnchangedIncludingGzip() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
            gz.write("#!/bin/sh\r\necho \u00e9t\u00e9\r\n".getBytes(StandardCharsets.UTF_8));
        }
        byte[] gzip = buf.toByteArray();
        InstanceMetadata md = MetadataFixtures.bare().userData(gzip).build();
        MetadataTree tree = renderer.openStackTree(md);
        List<String> userDataFiles = tree.files().keySet().stream()
                .filter(p -> p.endsWith("/user_data") || p.endsWith("/user-data")).toList();
        assertThat(userDataFiles).hasSize(OpenStackVersion.values().length + 2);
        userDataFiles.forEach(p -> assertThat(tree.get(p)).get().as(p).isEqualTo(gzip));
        assertThat(renderer.httpTree(md).get("openstack/latest/user_data")).get().isEqualTo(gzip);
        assertThat(renderer.noCloudTree(md).get("user-data")).get().isEqualTo(gzip);
    }

    @Test
    void withoutUserDataTheFilesAreAbsentButNoCloudGetsAnEmptyCloudConfig() {
        InstanceMetadata md = MetadataFixtures.bare().build();
        assertThat(renderer.openStackTree(md).files().keySet())
                .noneMatch(p -> p.endsWith("user_data") || p.endsWith("user-data"));
        MetadataTree noCloud = renderer.noCloudTree(md);
        assertThat(new String(noCloud.get("user-data").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("#cloud-config\n");
        assertThat(noCloud.files().keySet()).containsExactly("meta-data", "user-data");
    }

    @Test
    void sameInputsGiveEqualBytesWhateverTheMapOrder() {
        InstanceMetadata a = MetadataFixtures.typical();
        InstanceMetadata b = MetadataFixtures.typical();
        assertThat(a).isEqualTo(b).isNotSameAs(b);
        assertThat(renderer.openStackTree(a)).isEqualTo(new MetadataTreeRenderer().openStackTree(b));
        Map<String, String> m1 = new LinkedHashMap<>();
        m1.put("b", "2");
        m1.put("a", "1");
        Map<String, Object> v1 = new LinkedHashMap<>();
        v1.put("y", Map.of("q", 1, "p", List.of("x")));
        v1.put("x", true);
        Map<String, Object> v2 = new LinkedHashMap<>();
        v2.put("x", true);
        v2.put("y", new LinkedHashMap<>(Map.of("p", List.of("x"), "q", 1)));
        MetadataTree t1 = renderer.openStackTree(MetadataFixtures.bare().meta(m1).vendorData(v1).build());
        MetadataTree t2 = renderer.openStackTree(MetadataFixtures.bare().meta(Map.of("a", "1", "b", "2")).vendorData(v2).build());
        assertThat(t1).isEqualTo(t2);
        assertThat(new String(t1.get("openstack/latest/vendor_data.json").orElseThrow(), StandardCharsets.UTF_8))
                .isEqualTo("{\"x\":true,\"y\":{\"p\":[\"x\"],\"q\":1}}");
    }

    @Test
    void injectedFilesAreNumberedAndReferenced() {
        MetadataTree tree = renderer.openStackTree(MetadataFixtures.typical());
        JsonNode files = json(tree, "openstack/latest/meta_data.json").get("files");
        assertThat(files).hasSize(2);
        assertThat(files.get(0).get("path").asText()).isEqualTo("/etc/motd");
        assertThat(files.get(0).get("content_path").asText()).isEqualTo("/content/0000");
        assertThat(files.get(1).get("content_path").asText()).isEqualTo("/content/0001");
        assertThat(tree.get("openstack/content/0001")).get().isEqualTo(MetadataFixtures.BINARY_FILE);
    }

    @Test
    void networkDataDescribesStaticAndDhcpNics() {
        JsonNode nd = json(renderer.openStackTree(MetadataFixtures.typical()), "openstack/latest/network_data.json");
        assertThat(nd.get("links").get(0).get("ethernet_mac_address").asText()).isEqualTo(MAC_1.value());
        assertThat(nd.get("links").get(1).get("ethernet_mac_address").asText()).isEqualTo("52:54:00:ab:cd:ef");
        assertThat(nd.get("links").get(0).get("mtu").asInt()).isEqualTo(1450);
        assertThat(nd.get("links").get(1).get("mtu").isNull()).isTrue();
        JsonNode v4 = nd.get("networks").get(0);
        assertThat(v4.get("type").asText()).isEqualTo("ipv4");
        assertThat(v4.get("netmask").asText()).isEqualTo("255.255.255.0");
        assertThat(v4.get("routes").get(0).get("gateway").asText()).isEqualTo("10.88.0.1");
        assertThat(v4.has("gateway")).isFalse();
        JsonNode v6 = nd.get("networks").get(1);
        assertThat(v6.get("ip_address").asText()).isEqualTo("fd00:88::10");
        assertThat(v6.get("netmask").asText()).isEqualTo("ffff:ffff:ffff:ffff::");
        assertThat(v6.get("routes").get(0).get("gateway").asText()).isEqualTo("fd00:88::1");
        assertThat(nd.get("networks").get(2).get("type").asText()).isEqualTo("ipv4_dhcp");
        assertThat(nd.get("networks").get(2).get("link").asText()).isEqualTo(nd.get("links").get(1).get("id").asText());
        assertThat(nd.get("services").findValuesAsText("address")).containsExactly("10.88.0.1", "fd00:88::53");
    }

    @Test
    void ec2MetaDataHasKeysByIndexAndNoEphemeralDisks() {
        JsonNode ec2 = json(renderer.openStackTree(MetadataFixtures.typical()), "ec2/latest/meta-data.json");
        assertThat(ec2.get("instance-id").asText()).isEqualTo("i-6f1c2b9e");
        assertThat(ec2.get("reservation-id").asText()).isEqualTo("r-7a6d5c10");
        assertThat(ec2.get("ami-id").asText()).matches("ami-[0-9a-f]{8}");
        assertThat(ec2.get("local-ipv4").asText()).isEqualTo("10.88.0.10");
        assertThat(ec2.get("public-keys").get("0").get("openssh-key").asText()).isEqualTo(MetadataFixtures.ED25519);
        assertThat(ec2.get("public-keys").get("1").get("openssh-key").asText()).isEqualTo(MetadataFixtures.RSA);
        assertThat(ec2.get("block-device-mapping").fieldNames()).toIterable().containsExactly("ami", "root");
        assertThat(ec2.get("placement").get("availability-zone").asText()).isEqualTo("nova");
        JsonNode bare = json(renderer.openStackTree(MetadataFixtures.bare().build()), "ec2/latest/meta-data.json");
        assertThat(bare.has("public-keys")).isFalse();
        assertThat(bare.get("local-ipv4").asText()).isEmpty();
    }

    @Test
    void randomSeedIsTheGivenBytesInBase64() {
        JsonNode meta = json(renderer.openStackTree(MetadataFixtures.typical()), "openstack/latest/meta_data.json");
        assertThat(Base64.getDecoder().decode(meta.get("random_seed").asText())).isEqualTo(MetadataFixtures.seed());
    }

    @Test
    void noCloudNetworkConfigOnlyWhenStaticOrSeveralNics() {
        assertThat(renderer.noCloudTree(MetadataFixtures.bare().build()).contains("network-config")).isFalse();
        InstanceMetadata twoDhcp = MetadataFixtures.bare()
                .nics(List.of(NicConfig.dhcp(MAC_1, "a"), NicConfig.dhcp(MAC_2, "b"))).build();
        JsonNode v1 = yaml(renderer.noCloudTree(twoDhcp), "network-config");
        assertThat(v1.get("version").asInt()).isEqualTo(1);
        JsonNode second = v1.get("config").get(1);
        assertThat(second.get("name").asText()).isEqualTo("eth1");
        assertThat(second.get("mac_address").asText()).isEqualTo("52:54:00:ab:cd:ef");
        assertThat(second.get("subnets").get(0).get("type").asText()).isEqualTo("dhcp4");
    }

    @Test
    void noCloudVendorDataIsTheCloudInitMember() {
        InstanceMetadata asList = MetadataFixtures.bare()
                .vendorData(Map.of("cloud-init", List.of("#cloud-config\n{}\n", "#!/bin/sh\necho hi\n"))).build();
        assertThat(new String(renderer.noCloudTree(asList).get("vendor-data").orElseThrow(), StandardCharsets.UTF_8))
                .isEqualTo("#cloud-config-archive\n[\"#cloud-config\\n{}\\n\",\"#!/bin/sh\\necho hi\\n\"]\n");
        InstanceMetadata noMember = MetadataFixtures.bare().vendorData(Map.of("other", 1)).build();
        assertThat(renderer.noCloudTree(noMember).contains("vendor-data")).isFalse();
        assertThat(json(renderer.openStackTree(noMember), "openstack/latest/vendor_data2.json").get("static").get("other")
                .asInt()).isEqualTo(1);
    }

    @Test
    void withoutNicsThereIsNoNetworkDataSoCloudInitFallsBackToDhcp() {
        MetadataTree tree = renderer.openStackTree(MetadataFixtures.bare().nics(List.of()).build());
        assertThat(tree.files().keySet()).noneMatch(p -> p.endsWith("network_data.json"));
        assertThat(json(tree, "openstack/latest/meta_data.json").get("devices")).isEmpty();
    }

    static JsonNode json(MetadataTree tree, String path) {
        try {
            return JSON.readTree(tree.get(path).orElseThrow(() -> new AssertionError("no " + path + " in " + tree)));
        } catch (IOException e) {
            throw new AssertionError(path + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static JsonNode yaml(MetadataTree tree, String path) {
        // SnakeYAML, like cloud-init's PyYAML, reads our JSON as YAML
        Object loaded = new Yaml().load(new String(tree.get(path).orElseThrow(), StandardCharsets.UTF_8));
        assertThat(loaded).as(path).isInstanceOf(Map.class);
        return JSON.valueToTree(loaded);
    }

    /** The renderer's streaming writer gives the bytes an ObjectMapper gives, for every kind of value it meets. */
    @Test
    void documentsAreWrittenAsAnObjectMapperWritesThem() throws Exception {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("text", "plain \"quoted\" back\\slash / tab\t nl\n cr\r bell\u0007 nul\u0000 \u2028 é 雪 😀 </script>");
        all.put("empty", "");
        all.put("int", -42);
        all.put("long", Long.MAX_VALUE);
        all.put("short", (short) 7);
        all.put("byte", (byte) -3);
        all.put("big", new java.math.BigInteger("123456789012345678901234567890"));
        all.put("decimal", new java.math.BigDecimal("1.50E+3"));
        all.put("double", 0.1 + 0.2);
        all.put("negativeZero", -0.0d);
        all.put("float", 1.1f);
        all.put("true", true);
        all.put("false", false);
        all.put("null", null);
        all.put("list", List.of(1, "two", List.of(), Map.of()));
        all.put("nested", Map.of("z", Map.of("y", List.of(Map.of("x", 1)))));
        JsonNode node = JsonValues.toNode(JsonValues.canonical(all, "vendor_data"));

        assertThat(new String(MetadataTreeRenderer.json(node), StandardCharsets.UTF_8))
                .isEqualTo(new String(JSON.writeValueAsBytes(node), StandardCharsets.UTF_8));
        assertThat(MetadataTreeRenderer.json(node)).isEqualTo(JSON.writeValueAsBytes(node));
        for (JsonNode doc : List.of(MetaDataDocument.vendorData(MetadataFixtures.typical()),
                NetworkDocuments.networkData(MetadataFixtures.typical()),
                Ec2Document.metaData(MetadataFixtures.typical()))) {
            assertThat(MetadataTreeRenderer.json(doc)).isEqualTo(JSON.writeValueAsBytes(doc));
        }
    }

    private static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
    }

    /** The injected files' names under openstack/content, padded by hand as the formatter pads them. */
    @Test
    void contentNamesAreFourDigitsAndLongerOnlyPastThem() {
        for (int i : new int[] {0, 7, 42, 999, 1000, 9999, 10000, 123456}) {
            assertThat(MetaDataDocument.contentName(i)).isEqualTo(String.format("%04d", i));
        }
    }
}
