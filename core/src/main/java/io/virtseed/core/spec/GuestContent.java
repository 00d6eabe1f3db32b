package io.virtseed.core.spec;

import io.virtseed.core.metadata.UserDataLimit;
import io.virtseed.core.value.MacAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Reads what an instance hands its guest (meta, files, user and vendor data, NICs) from a spec node. */
final class GuestContent {

    private GuestContent() {
    }

    static Map<String, String> meta(SpecNode n) {
        Map<String, String> meta = n.stringMap("meta");
        if (meta.size() > 128) {
            throw n.error("meta", "has " + meta.size() + " items; at most 128");
        }
        for (var e : meta.entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().length() > 255 || e.getValue().length() > 255) {
                throw n.error("meta", "item '" + SpecValues.abbreviate(e.getKey())
                        + "': keys must be 1 to 255 characters and values at most 255");
            }
        }
        return meta;
    }

    static List<FileSpec> files(SpecNode n, SpecContext ctx) {
        List<FileSpec> files = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        List<Node> items = n.list("files");
        for (int i = 0; i < items.size(); i++) {
            SpecNode f = n.item("files", i, items.get(i));
            String path = f.requiredString("path");
            Optional<String> content = f.string("content");
            Optional<String> source = f.string("source");
            if (content.isPresent() == source.isPresent()) {
                throw f.error("path", "give exactly one of content or source");
            }
            byte[] bytes = content.map(c -> c.getBytes(StandardCharsets.UTF_8))
                    .orElseGet(() -> SpecValues.readFile(f, "source", ctx.resolve(source.get()), SpecValues.MAX_FILE_BYTES));
            f.rejectUnknownKeys();
            try {
                files.add(new FileSpec(path, bytes));
            } catch (IllegalArgumentException e) {
                throw f.error("path", e.getMessage());
            }
            if (!paths.add(path)) {
                throw f.error("path", "'" + path + "' is injected twice");
            }
        }
        return files;
    }

    static Optional<byte[]> userData(SpecNode n, SpecContext ctx) {
        Optional<String> inline = n.string("user_data");
        Optional<String> file = n.string("user_data_file");
        if (inline.isPresent() && file.isPresent()) {
            throw n.error("user_data_file", "give user_data or user_data_file, not both");
        }
        Optional<byte[]> data = inline.map(s -> s.getBytes(StandardCharsets.UTF_8))
                .or(() -> file.map(f -> SpecValues.readFile(n, "user_data_file", ctx.resolve(f), UserDataLimit.MAX_BYTES + 1)));
        data.flatMap(d -> UserDataLimit.problem(d.length)).ifPresent(problem -> {
            throw n.error(inline.isPresent() ? "user_data" : "user_data_file", "user data " + problem);
        });
        return data;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> vendorData(SpecNode n) {
        return n.raw("vendor_data").map(node -> {
            Object v = n.plain(node);
            if (!(v instanceof Map)) {
                throw n.error("vendor_data", "must be a mapping (it becomes vendor_data.json)");
            }
            return (Map<String, Object>) v;
        }).orElse(Map.of());
    }

    static List<NicSpec> nics(SpecNode n, Map<String, NetworkSpec> networks) {
        List<NicSpec> nics = new ArrayList<>();
        List<Node> items = n.list("networks");
        for (int i = 0; i < items.size(); i++) {
            SpecNode s = n.item("networks", i, items.get(i));
            String network = s.requiredString("network");
            Optional<String> ip = s.string("ip");
            Optional<String> ip6 = s.string("ip6");
            Optional<MacAddress> mac = SpecValues.value(s, "mac", MacAddress::of);
            boolean dhcp = s.bool("dhcp").orElse(true);
            Optional<String> gateway = s.string("gateway");
            Optional<String> gateway6 = s.string("gateway6");
            List<String> dns = s.stringList("dns");
            s.rejectUnknownKeys();
            NicAddresses.check(s, ip, gateway, dns, Optional.ofNullable(networks.get(network)));
            NicAddresses.check6(s, ip6, gateway6);
            if (!dhcp && ip.isEmpty() && ip6.isEmpty() && !networks.containsKey(network)) {
                throw s.error("dhcp", "a NIC without DHCP needs a static ip (or a plan network to allocate from)");
            }
            nics.add(new NicSpec(network, ip, ip6, mac, dhcp, gateway, gateway6, dns));
        }
        return nics;
    }
}
