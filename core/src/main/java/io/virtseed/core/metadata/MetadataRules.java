package io.virtseed.core.metadata;

import io.virtseed.core.error.SpecException;
import io.virtseed.core.spec.Hostnames;
import io.virtseed.core.spec.FileSpec;
import io.virtseed.core.value.Digests;
import io.virtseed.core.value.MacAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The checks {@link InstanceMetadata} applies, each failing with a message naming the field and the rule. */
final class MetadataRules {

    /** Nova's default quota of metadata items per instance ({@code [quota] metadata_items}). */
    static final int MAX_META_ITEMS = 128;
    static final int MAX_META_LENGTH = 255;
    /** nova writes 512 random bytes as {@code random_seed}. */
    static final int RANDOM_SEED_BYTES = 512;
    /** content/NNNN has four digits. */
    static final int MAX_FILES = 10_000;

    /** Nova's pattern for metadata keys. */
    private static final Pattern META_KEY = Pattern.compile("[a-zA-Z0-9-_:. ]{1,255}");

    private MetadataRules() {
    }

    static String hostname(String hostname) {
        Hostnames.problem(hostname).ifPresent(problem -> {
            throw new SpecException("hostname '" + hostname + "' " + problem);
        });
        return hostname;
    }

    /** Non-empty printable text of at most {@code max} characters. */
    static String text(String value, String field, int max) {
        if (value == null || value.isEmpty() || value.length() > max) {
            throw new SpecException(field + " must be 1 to " + max + " characters, got "
                    + (value == null ? "none" : value.length()));
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new SpecException(field + " must not contain control characters");
        }
        return value;
    }

    static SortedMap<String, String> meta(Map<String, String> meta) {
        if (meta.size() > MAX_META_ITEMS) {
            throw new SpecException("meta has " + meta.size() + " items: at most " + MAX_META_ITEMS + " are allowed");
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> e : meta.entrySet()) {
            String key = e.getKey();
            if (key == null || !META_KEY.matcher(key).matches()) {
                throw new SpecException("meta key '" + key + "' is invalid: use 1 to 255 characters"
                        + " A-Z, a-z, 0-9, '-', '_', ':', '.' and space");
            }
            String value = e.getValue();
            if (value == null || value.length() > MAX_META_LENGTH) {
                throw new SpecException("meta value of '" + key + "' must be a string of at most "
                        + MAX_META_LENGTH + " characters");
            }
            sorted.put(key, value);
        }
        return Collections.unmodifiableSortedMap(sorted);
    }

    static Map<String, SshPublicKey> publicKeys(Map<String, SshPublicKey> keys) {
        LinkedHashMap<String, SshPublicKey> copy = new LinkedHashMap<>();
        for (Map.Entry<String, SshPublicKey> e : keys.entrySet()) {
            text(e.getKey(), "public key name", 255);
            copy.put(e.getKey(), java.util.Objects.requireNonNull(e.getValue(), "public key"));
        }
        return Collections.unmodifiableMap(copy);
    }

    static List<FileSpec> files(List<FileSpec> files) {
        if (files.size() > MAX_FILES) {
            throw new SpecException("files has " + files.size() + " entries: at most " + MAX_FILES + " are allowed");
        }
        Set<String> paths = new HashSet<>();
        for (FileSpec f : files) {
            if (!paths.add(f.path())) {
                throw new SpecException("files: path " + f.path() + " is given twice");
            }
        }
        for (String p : paths) {
            for (int i = p.indexOf('/', 1); i > 0; i = p.indexOf('/', i + 1)) {
                if (paths.contains(p.substring(0, i))) {
                    throw new SpecException("files: " + p.substring(0, i) + " is a file but " + p + " needs it to be a directory");
                }
            }
        }
        return List.copyOf(files);
    }

    static byte[] userData(byte[] data) {
        UserDataLimit.problem(data.length).ifPresent(problem -> {
            throw new SpecException("user_data " + problem);
        });
        return data.clone();
    }

    static byte[] randomSeed(byte[] seed) {
        if (seed == null || seed.length != RANDOM_SEED_BYTES) {
            throw new SpecException("random_seed must be " + RANDOM_SEED_BYTES + " bytes, got "
                    + (seed == null ? "none" : seed.length));
        }
        return seed.clone();
    }

    static void launchIndex(int index) {
        if (index < 0) {
            throw new SpecException("launch_index must be 0 or more, got " + index);
        }
    }

    /** A stable EC2-style image id: from the image's name, or its file's name, wherever the spec lies. */
    static String amiIdFor(io.virtseed.core.spec.ImageRef ref) {
        // instanceof, not a type switch: its bootstrap spins classes at run time, some 30 ms of a drive build
        String image = ref instanceof io.virtseed.core.spec.ImageRef.File f ? f.path().getFileName().toString()
                : ref.text();
        byte[] digest = Digests.sha256(image.getBytes(StandardCharsets.UTF_8));
        return "ami-" + HexFormat.of().formatHex(digest, 0, 4);
    }

    static void vendorCloudInit(Map<String, Object> vendorData) {
        Object ci = vendorData.get("cloud-init");
        boolean ok = ci == null && !vendorData.containsKey("cloud-init") || ci instanceof String
                || ci instanceof List<?> list && list.stream().allMatch(String.class::isInstance);
        if (!ok) {
            // cloud-init logs a map here as invalid and silently drops all vendor data
            throw new SpecException("vendor_data.cloud-init must be a string or a list of strings");
        }
    }

    static void macs(List<NicConfig> nics, List<NicDevice> devices) {
        Set<MacAddress> macs = new HashSet<>();
        for (NicConfig nic : nics) {
            if (!macs.add(nic.mac())) {
                throw new SpecException("nics: MAC " + nic.mac() + " is used by two NICs");
            }
        }
        for (NicDevice d : devices) {
            if (!macs.contains(d.mac())) {
                throw new SpecException("devices: MAC " + d.mac() + " belongs to no NIC of the instance");
            }
        }
    }
}
