package io.virtseed.core.metadata;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code ec2/<v>/meta-data.json}: nova's EC2 meta-data dict as the config drive stores it, keys
 * sorted, the {@code 0=<keyname>} labels of {@code public-keys} left out (the HTTP service derives
 * them from the order of {@code public_keys} in meta_data.json).
 */
final class Ec2Document {

    /** The EC2 versions nova writes to a drive with the default {@code config_drive_skip_versions}. */
    static final List<String> DRIVE_VERSIONS = List.of("2009-04-04", "latest");

    /** The root disk is the instance's first virtio disk. */
    private static final String ROOT_DEVICE = "vda";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Ec2Document() {
    }

    static ObjectNode metaData(InstanceMetadata md) {
        ObjectNode n = F.objectNode();
        n.put("ami-id", md.amiId());
        n.put("ami-launch-index", md.launchIndex());
        n.put("ami-manifest-path", "FIXME");
        // only ami and root: cloud-init mounts ephemeral0 and enables swap from this map, and we have neither
        n.putObject("block-device-mapping").put("ami", ROOT_DEVICE).put("root", "/dev/" + ROOT_DEVICE);
        n.put("hostname", md.hostname());
        n.put("instance-action", "none");
        n.put("instance-id", md.ec2InstanceId());
        n.put("instance-type", md.instanceType());
        n.put("local-hostname", md.hostname());
        n.put("local-ipv4", md.firstIpv4().orElse(""));
        n.putObject("placement").put("availability-zone", md.availabilityZone());
        n.put("public-hostname", md.hostname());
        n.put("public-ipv4", "");
        if (!md.publicKeys().isEmpty()) {
            ObjectNode keys = n.putObject("public-keys");
            int index = 0;
            for (SshPublicKey key : md.publicKeys().values()) {
                keys.putObject(Integer.toString(index++)).put("openssh-key", key.line());
            }
        }
        n.put("reservation-id", md.ec2ReservationId());
        n.putArray("security-groups").add("default");
        return n;
    }
}
