package io.virtseed.core.metadata;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtseed.core.spec.FileSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * {@code openstack/<V>/meta_data.json} and the vendor data files, with keys in nova's order and
 * the version gates of nova's {@code _metadata_as_json}.
 */
final class MetaDataDocument {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private MetaDataDocument() {
    }

    /** {@code 0000}, {@code 0001}, ...: the name of the i-th injected file under openstack/content. */
    static String contentName(int index) {
        String digits = Integer.toString(index); // not String.format: its first call costs a fresh process ms
        return "0000".substring(Math.min(4, digits.length())) + digits;
    }

    static ObjectNode metaData(InstanceMetadata md, OpenStackVersion version, Channel channel) {
        ObjectNode n = F.objectNode();
        n.put("uuid", md.uuid().toString());
        if (!md.meta().isEmpty()) {
            ObjectNode meta = n.putObject("meta");
            md.meta().forEach(meta::put);
        }
        if (channel == Channel.DRIVE && !md.files().isEmpty()) {
            ArrayNode files = n.putArray("files");
            List<FileSpec> list = md.files();
            for (int i = 0; i < list.size(); i++) {
                files.addObject().put("path", list.get(i).path()).put("content_path", "/content/" + contentName(i));
            }
        }
        if (channel == Channel.DRIVE) {
            md.adminPass().ifPresent(p -> n.put("admin_pass", p));
        }
        if (channel == Channel.DRIVE && LegacyInterfaces.wanted(md)) {
            n.putObject("network_config").put("name", "network_config")
                    .put("content_path", "/content/" + contentName(LegacyInterfaces.contentIndex(md)));
        }
        if (!md.publicKeys().isEmpty()) {
            ObjectNode publicKeys = n.putObject("public_keys");
            ArrayNode keys = n.putArray("keys");
            for (Map.Entry<String, SshPublicKey> e : md.publicKeys().entrySet()) {
                publicKeys.put(e.getKey(), e.getValue().line());
                keys.addObject().put("name", e.getKey()).put("type", "ssh").put("data", e.getValue().line());
            }
        }
        n.put("hostname", md.hostname());
        n.put("name", md.name());
        n.put("launch_index", md.launchIndex());
        n.put("availability_zone", md.availabilityZone());
        if (version.atLeast(OpenStackVersion.GRIZZLY)) {
            n.put("random_seed", Base64.getEncoder().encodeToString(md.randomSeed()));
        }
        if (version.atLeast(OpenStackVersion.LIBERTY)) {
            md.projectId().ifPresent(p -> n.put("project_id", p));
        }
        if (version.atLeast(OpenStackVersion.NEWTON_ONE)) {
            n.set("devices", devices(md.devices()));
        }
        if (version.atLeast(OpenStackVersion.VICTORIA)) {
            // no CPU pinning here: nova writes an empty list then
            n.putArray("dedicated_cpus");
        }
        return n;
    }

    private static ArrayNode devices(List<NicDevice> devices) {
        ArrayNode list = F.arrayNode();
        for (NicDevice d : devices) {
            ObjectNode o = list.addObject().put("type", "nic").put("bus", d.bus());
            d.address().ifPresent(a -> o.put("address", a));
            o.put("mac", d.mac().value());
            ArrayNode tags = o.putArray("tags");
            d.tags().forEach(tags::add);
        }
        return list;
    }

    /** vendor_data.json: the vendor data object itself (nova's StaticJSON). */
    static ObjectNode vendorData(InstanceMetadata md) {
        return (ObjectNode) JsonValues.toNode(md.vendorData());
    }

    /**
     * vendor_data2.json as nova builds it, {@code {"static": <StaticJSON>}}. cloud-init applies only a
     * top-level {@code cloud-init} member here, so the same vendor data does not run twice.
     */
    static ObjectNode vendorData2(InstanceMetadata md) {
        ObjectNode n = F.objectNode();
        n.set("static", vendorData(md));
        return n;
    }
}
