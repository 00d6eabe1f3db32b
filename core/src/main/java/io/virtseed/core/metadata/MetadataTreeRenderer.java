package io.virtseed.core.metadata;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Renders {@link InstanceMetadata} as file trees: nova's config drive layout (also what the HTTP
 * metadata service serves) and a NoCloud seed. JSON is compact UTF-8 with keys in a fixed order,
 * so the same metadata always gives the same bytes; user data is copied byte for byte.
 *
 * <pre>{@code
 * MetadataTreeRenderer renderer = new MetadataTreeRenderer();
 * MetadataTree drive = renderer.openStackTree(md);   // for disk.config
 * MetadataTree served = renderer.httpTree(md);       // for 169.254.169.254
 * }</pre>
 */
public final class MetadataTreeRenderer {

    private static final byte[] EMPTY_CLOUD_CONFIG = "#cloud-config\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * The documents are trees already, so they are written with Jackson's streaming generator, not
     * an {@code ObjectMapper}: making a mapper and its first serializer is some 30 ms of a fresh
     * JVM, most of a {@code drive build}. The bytes are the same (a test holds them equal).
     */
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * The config drive tree (with admin_pass, injected files and, when a NIC is static, nova's legacy
     * interfaces file as {@code network_config}).
     */
    public MetadataTree openStackTree(InstanceMetadata md) {
        return openStackTree(md, Channel.DRIVE);
    }

    /** The tree the HTTP metadata service serves: no admin_pass, no injected files. */
    public MetadataTree httpTree(InstanceMetadata md) {
        return openStackTree(md, Channel.HTTP);
    }

    /**
     * {@code openstack/<V>/...} for every version and {@code latest}, {@code openstack/content/NNNN}
     * and {@code ec2/2009-04-04/...}, {@code ec2/latest/...} (both drive only). Without NICs there is no
     * network_data.json: an empty one would leave the guest unconfigured, while its absence makes
     * cloud-init fall back to DHCP on the first NIC.
     */
    public MetadataTree openStackTree(InstanceMetadata md, Channel channel) {
        MetadataTree.Builder tree = MetadataTree.builder();
        Optional<byte[]> userData = md.userData();
        byte[] vendor = json(MetaDataDocument.vendorData(md));
        byte[] vendor2 = json(MetaDataDocument.vendorData2(md));
        byte[] network = json(NetworkDocuments.networkData(md));
        for (OpenStackVersion v : OpenStackVersion.values()) {
            String dir = "openstack/" + v.dirName() + "/";
            tree.put(dir + "meta_data.json", json(MetaDataDocument.metaData(md, v, channel)));
            userData.ifPresent(u -> tree.put(dir + "user_data", u));
            if (v.atLeast(OpenStackVersion.HAVANA)) {
                tree.put(dir + "vendor_data.json", vendor);
            }
            if (v.atLeast(OpenStackVersion.LIBERTY) && !md.nics().isEmpty()) {
                tree.put(dir + "network_data.json", network);
            }
            if (v.atLeast(OpenStackVersion.NEWTON_TWO)) {
                tree.put(dir + "vendor_data2.json", vendor2);
            }
        }
        if (channel == Channel.DRIVE) {
            for (int i = 0; i < md.files().size(); i++) {
                tree.put("openstack/content/" + MetaDataDocument.contentName(i), md.files().get(i).content());
            }
            if (LegacyInterfaces.wanted(md)) {
                tree.put("openstack/content/" + MetaDataDocument.contentName(LegacyInterfaces.contentIndex(md)),
                        LegacyInterfaces.render(md.nics()));
            }
        }
        if (channel == Channel.HTTP) {
            // no HTTP client asks for ec2/<v>/meta-data.json: MetadataHttpView serves the EC2 hierarchy
            return tree.build();
        }
        byte[] ec2 = json(Ec2Document.metaData(md));
        for (String v : Ec2Document.DRIVE_VERSIONS) {
            tree.put("ec2/" + v + "/meta-data.json", ec2);
            userData.ifPresent(u -> tree.put("ec2/" + v + "/user-data", u));
        }
        return tree.build();
    }

    /**
     * A NoCloud seed: {@code meta-data} and {@code user-data} always (an empty {@code #cloud-config}
     * without user data, as NoCloud requires the file), {@code vendor-data} when the vendor data has
     * a {@code cloud-init} member, and {@code network-config} (version 2) when a NIC is static or
     * there is more than one NIC; otherwise cloud-init's fallback, DHCP on the first NIC, is the same.
     */
    public MetadataTree noCloudTree(InstanceMetadata md) {
        MetadataTree.Builder tree = MetadataTree.builder();
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        meta.put("instance-id", md.uuid().toString());
        meta.put("local-hostname", md.hostname());
        if (!md.publicKeys().isEmpty()) {
            var keys = meta.putArray("public-keys");
            md.publicKeys().values().forEach(k -> keys.add(k.line()));
        }
        tree.put("meta-data", withNewline(json(meta)));
        tree.put("user-data", md.userData().orElse(EMPTY_CLOUD_CONFIG));
        noCloudVendorData(md).ifPresent(v -> tree.put("vendor-data", v));
        boolean needsNetwork = md.nics().size() > 1 || md.nics().stream()
                .anyMatch(n -> n.hasStaticAddress() || n.slaac());
        if (needsNetwork) {
            tree.put("network-config", withNewline(json(NetworkDocuments.networkConfigV1(md))));
        }
        return tree.build();
    }

    /**
     * NoCloud reads vendor-data like user data, not as JSON: the {@code cloud-init} member itself, a
     * string as is, a list as a {@code #cloud-config-archive} of its parts (what cloud-init does
     * with a list from vendor_data.json).
     */
    private Optional<byte[]> noCloudVendorData(InstanceMetadata md) {
        Object member = md.vendorData().get("cloud-init");
        if (member instanceof String s) {
            return Optional.of(s.getBytes(StandardCharsets.UTF_8));
        }
        if (member instanceof List<?> parts) {
            return Optional.of(withNewline(("#cloud-config-archive\n" + new String(json(JsonValues.toNode(parts)),
                    StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.empty();
    }

    /** Compact JSON, as {@code new ObjectMapper().writeValueAsBytes(node)} writes it. */
    static byte[] json(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(g, node);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree failed to serialize", e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (var field : node.properties()) {
                    g.writeFieldName(field.getKey());
                    write(g, field.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode element : node) {
                    write(g, element);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL -> g.writeNull();
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> g.writeNumber(node.intValue());
                    case LONG -> g.writeNumber(node.longValue());
                    case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
                    case FLOAT -> g.writeNumber(node.floatValue());
                    case DOUBLE -> g.writeNumber(node.doubleValue());
                    case BIG_DECIMAL -> g.writeNumber(node.decimalValue());
                }
            }
            // the documents hold none of these: JsonValues and the document builders make only the above
            case BINARY, POJO, MISSING -> throw new IllegalStateException("no JSON for a " + node.getNodeType() + " node");
        }
    }

    private static byte[] withNewline(byte[] text) {
        byte[] out = java.util.Arrays.copyOf(text, text.length + 1);
        out[text.length] = '\n';
        return out;
    }
}
