package io.virtseed.configdrive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtseed.core.metadata.MetadataTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The checks a guest client makes before it trusts a drive: the label, a parseable
 * {@code meta_data.json} with a uuid, valid JSON everywhere, a base64 random seed, and every
 * injected file's content present. One failure makes cloud-init drop the whole drive.
 */
final class DriveRules {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DriveRules() {
    }

    static void check(String label, MetadataTree tree, List<String> problems, List<String> warnings) {
        switch (label) {
            case "config-2", "CONFIG-2" -> checkConfigDrive(tree, problems, warnings);
            case "cidata", "CIDATA" -> checkNoCloud(tree, problems);
            default -> problems.add("label '" + label + "' is neither config-2/CONFIG-2 nor cidata/CIDATA:"
                    + " cloud-init will not look at this drive");
        }
    }

    private static void checkConfigDrive(MetadataTree tree, List<String> problems, List<String> warnings) {
        if (!tree.contains("openstack/latest/meta_data.json")) {
            warnings.add("no openstack/latest/meta_data.json: cloudbase-init reads only latest");
        }
        boolean anyMeta = false;
        for (Map.Entry<String, byte[]> e : tree.files().entrySet()) {
            String path = e.getKey();
            if (!path.endsWith(".json")) {
                continue;
            }
            boolean isMeta = path.startsWith("openstack/") && path.endsWith("/meta_data.json");
            anyMeta |= isMeta;
            JsonNode node;
            try {
                node = JSON.readTree(e.getValue());
            } catch (IOException ex) {
                problems.add(path + " is not valid JSON: " + (ex instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : ex.getMessage()));
                continue;
            }
            if (isMeta) {
                checkMetaData(path, node, tree, problems);
            }
        }
        if (!anyMeta) {
            problems.add("no openstack/<version>/meta_data.json: not an OpenStack config drive");
        }
    }

    private static void checkMetaData(String path, JsonNode md, MetadataTree tree, List<String> problems) {
        if (!md.isObject()) {
            problems.add(path + " is not a JSON object");
            return;
        }
        if (!md.path("uuid").isTextual() || md.path("uuid").asText().isEmpty()) {
            problems.add(path + " has no uuid: cloud-init rejects the drive");
        }
        if (md.has("random_seed")) {
            try {
                Base64.getDecoder().decode(md.get("random_seed").asText());
            } catch (IllegalArgumentException ex) {
                problems.add(path + ": random_seed is not valid base64: cloud-init rejects the drive");
            }
        }
        for (JsonNode f : md.path("files")) {
            String cp = f.path("content_path").asText("");
            String inTree = "openstack" + (cp.startsWith("/") ? cp : "/" + cp);
            if (cp.isEmpty() || !tree.contains(inTree)) {
                problems.add(path + ": injected file " + f.path("path").asText("?") + " points at missing content '"
                        + cp + "'");
            }
        }
    }

    private static void checkNoCloud(MetadataTree tree, List<String> problems) {
        var md = tree.get("meta-data");
        if (md.isEmpty()) {
            problems.add("no meta-data file: the NoCloud datasource needs one");
        } else if (!new String(md.get(), StandardCharsets.UTF_8).contains("instance-id")) {
            problems.add("meta-data has no instance-id");
        }
        if (!tree.contains("user-data")) {
            problems.add("no user-data file: the NoCloud datasource needs one (it may be empty)");
        }
    }
}
