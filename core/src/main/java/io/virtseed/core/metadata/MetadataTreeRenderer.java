package io.virtseed.core.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    private final ObjectMapper mapper = new ObjectMapper();

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

    private byte[] json(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree failed to serialize", e);
        }
    }

    private static byte[] withNewline(byte[] text) {
        byte[] out = java.util.Arrays.copyOf(text, text.length + 1);
        out[text.length] = '\n';
        return out;
    }
}
