package io.virtseed.core.metadata;

import io.virtseed.core.spec.FileSpec;
import io.virtseed.core.state.JsonStrings;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes {@code metadata.json} by hand, byte for byte as {@link MetadataFile}'s mapper writes it:
 * in a fresh process the mapper's serializers for these records took 33 to 67 ms of an
 * {@code up}, the longest step before the domain is defined. What the mapper writes another way
 * (a string with a surrogate, a vendor-data number that is not an integer) answers empty, and
 * the file's mapper writes it. {@code MetadataWriterTest} holds the two to the same bytes.
 */
final class MetadataWriter {

    /** Thrown inside only: the mapper is to write these metadata. */
    private static final class Unsure extends Exception {
        Unsure() {
            super(null, null, false, false);
        }
    }

    private final StringBuilder b = new StringBuilder(4096);

    private MetadataWriter() {
    }

    /** The saved file's bytes ({@code {"version":V,"metadata":{...}}}), or empty for the mapper to write. */
    static Optional<byte[]> write(int version, InstanceMetadata md) {
        MetadataWriter w = new MetadataWriter();
        try {
            w.b.append("{\"version\":").append(version).append(",\"metadata\":");
            w.metadata(md);
            w.b.append('}');
        } catch (Unsure e) {
            return Optional.empty();
        }
        return Optional.of(w.b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void metadata(InstanceMetadata md) throws Unsure {
        b.append("{\"uuid\":");
        string(md.uuid().toString());
        name("name").string(md.name());
        name("hostname").string(md.hostname());
        name("launchIndex").b.append(md.launchIndex());
        name("availabilityZone").string(md.availabilityZone());
        name("projectId").string(md.projectId().orElse(null));
        name("publicKeys").b.append('{');
        String sep = "";
        for (Map.Entry<String, SshPublicKey> e : md.publicKeys().entrySet()) {
            b.append(sep);
            string(e.getKey());
            b.append(":{\"type\":");
            string(e.getValue().type());
            name("body").string(e.getValue().body());
            name("comment").string(e.getValue().comment().orElse(null));
            b.append('}');
            sep = ",";
        }
        b.append('}');
        name("meta").b.append('{');
        sep = "";
        for (Map.Entry<String, String> e : md.meta().entrySet()) {
            b.append(sep);
            string(e.getKey());
            b.append(':');
            string(e.getValue());
            sep = ",";
        }
        b.append('}');
        name("files").b.append('[');
        sep = "";
        for (FileSpec f : md.files()) {
            b.append(sep).append("{\"path\":");
            string(f.path());
            name("content").base64(f.content());
            b.append('}');
            sep = ",";
        }
        b.append(']');
        name("adminPass").string(md.adminPass().orElse(null));
        name("randomSeed").base64(md.randomSeed());
        name("userData");
        if (md.userData().isPresent()) {
            base64(md.userData().get());
        } else {
            b.append("null");
        }
        name("vendorData").value(md.vendorData());
        name("devices").b.append('[');
        sep = "";
        for (NicDevice d : md.devices()) {
            b.append(sep).append("{\"mac\":");
            string(d.mac().toString());
            name("bus").string(d.bus());
            name("address").string(d.address().orElse(null));
            name("tags").strings(d.tags());
            b.append('}');
            sep = ",";
        }
        b.append(']');
        name("nics").b.append('[');
        sep = "";
        for (NicConfig n : md.nics()) {
            b.append(sep);
            nic(n);
            sep = ",";
        }
        b.append(']');
        name("instanceType").string(md.instanceType());
        name("amiId").string(md.amiId());
        b.append('}');
    }

    private void nic(NicConfig n) throws Unsure {
        b.append("{\"mac\":");
        string(n.mac().toString());
        name("network").string(n.network());
        name("dhcp").b.append(n.dhcp());
        name("ipv4");
        if (n.ipv4().isPresent()) {
            setting(n.ipv4().get().address(), n.ipv4().get().prefix(), n.ipv4().get().gateway());
        } else {
            b.append("null");
        }
        name("ipv6");
        if (n.ipv6().isPresent()) {
            setting(n.ipv6().get().address(), n.ipv6().get().prefix(), n.ipv6().get().gateway());
        } else {
            b.append("null");
        }
        name("dns").strings(n.dns());
        name("mtu");
        if (n.mtu().isPresent()) {
            b.append(n.mtu().getAsInt());
        } else {
            b.append("null");
        }
        name("slaac").b.append(n.slaac());
        name("routes").b.append('[');
        String sep = "";
        for (Route r : n.routes()) {
            b.append(sep).append("{\"network\":");
            string(r.network());
            name("prefix").b.append(r.prefix());
            name("gateway").string(r.gateway());
            name("ipv6").b.append(r.isIpv6()); // the mapper takes the is-getter for a property
            b.append('}');
            sep = ",";
        }
        b.append("]}");
    }

    private void setting(String address, int prefix, Optional<String> gateway) throws Unsure {
        b.append("{\"address\":");
        string(address);
        name("prefix").b.append(prefix);
        name("gateway").string(gateway.orElse(null));
        b.append('}');
    }

    /** A vendor-data value: what {@link JsonValues#canonical} leaves, its integers only. */
    private void value(Object v) throws Unsure {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String s) {
            string(s);
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
            b.append(v);
        } else if (v instanceof Map<?, ?> m) {
            b.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new Unsure();
                }
                b.append(sep);
                string(key);
                b.append(':');
                value(e.getValue());
                sep = ",";
            }
            b.append('}');
        } else if (v instanceof List<?> l) {
            b.append('[');
            String sep = "";
            for (Object o : l) {
                b.append(sep);
                value(o);
                sep = ",";
            }
            b.append(']');
        } else {
            throw new Unsure(); // a double, above all: the mapper's text of it is the one that counts
        }
    }

    private void strings(List<String> list) throws Unsure {
        b.append('[');
        String sep = "";
        for (String s : list) {
            b.append(sep);
            string(s);
            sep = ",";
        }
        b.append(']');
    }

    private MetadataWriter name(String field) {
        b.append(",\"").append(field).append("\":");
        return this;
    }

    private void string(String s) throws Unsure {
        if (!JsonStrings.append(b, s)) {
            throw new Unsure();
        }
    }

    private void base64(byte[] bytes) {
        b.append('"').append(Base64.getEncoder().encodeToString(bytes)).append('"');
    }
}
