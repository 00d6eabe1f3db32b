package io.virtseed.core.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The EC2 metadata tree as nova's HTTP service serves it ({@code /<version>/meta-data/...}):
 * directories list their entries one per line, sub-directories with a trailing {@code /},
 * {@code public-keys} as {@code N=<keyname>}; leaves are text, lists one item per line. The
 * content is {@link Ec2Document}'s, with the keys each version did not have yet left out.
 */
final class Ec2Tree {

    /** Every EC2 version nova serves over HTTP, oldest first, then {@code latest}. */
    static final List<String> VERSIONS = List.of("1.0", "2007-01-19", "2007-03-01", "2007-08-29", "2007-10-10",
            "2007-12-15", "2008-02-01", "2008-09-01", "2009-04-04", "latest");

    /** Key to the first version that has it (nova's {@code _check_version} gates). */
    private static final Map<String, String> INTRODUCED = Map.of(
            "local-hostname", "2007-01-19", "public-hostname", "2007-01-19", "public-ipv4", "2007-01-19",
            "instance-type", "2007-08-29", "block-device-mapping", "2007-12-15", "placement", "2008-02-01",
            "instance-action", "2008-09-01");

    private Ec2Tree() {
    }

    /** The version list that {@code GET /} answers. */
    static byte[] versionList() {
        return lines(VERSIONS);
    }

    /**
     * Calls {@code sink} with (path, text) for every directory listing and leaf of every version;
     * paths have no leading or trailing slash ({@code latest/meta-data/placement}).
     */
    static void render(InstanceMetadata md, BiConsumer<String, byte[]> sink) {
        ObjectNode latest = Ec2Document.metaData(md);
        List<String> keyNames = List.copyOf(md.publicKeys().keySet());
        for (String version : VERSIONS) {
            ObjectNode meta = latest.deepCopy();
            INTRODUCED.forEach((key, since) -> {
                if (VERSIONS.indexOf(version) < VERSIONS.indexOf(since)) {
                    meta.remove(key);
                }
            });
            List<String> top = new ArrayList<>(List.of("meta-data/"));
            md.userData().ifPresent(u -> {
                top.add("user-data");
                sink.accept(version + "/user-data", u);
            });
            sink.accept(version, lines(top));
            walk(version + "/meta-data", meta, keyNames, sink);
        }
    }

    private static void walk(String path, JsonNode node, List<String> keyNames, BiConsumer<String, byte[]> sink) {
        if (!node.isObject()) {
            sink.accept(path, leaf(node));
            return;
        }
        boolean keys = path.endsWith("/meta-data/public-keys");
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        node.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
        List<String> listing = new ArrayList<>();
        sorted.forEach((name, child) -> {
            if (keys) {
                listing.add(name + "=" + keyNames.get(Integer.parseInt(name)));
            } else {
                listing.add(child.isObject() ? name + "/" : name);
            }
            walk(path + "/" + name, child, keyNames, sink);
        });
        sink.accept(path, lines(listing));
    }

    private static byte[] leaf(JsonNode node) {
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(n -> items.add(n.asText()));
            return lines(items);
        }
        return node.asText().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] lines(List<String> items) {
        return String.join("\n", items).getBytes(StandardCharsets.UTF_8);
    }
}
