package io.virtseed.configdrive.fat;

import io.virtseed.core.metadata.MetadataTree;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Trees the FAT tests share: a config drive laid out like nova's, plus awkward names. */
final class FatTestTrees {

    static final String META_JSON = "{\"uuid\":\"6f1c2c1e-8a52-4c56-9d4e-3a0b9f0c1a11\",\"hostname\":\"vs-fat\",\"name\":\"vs-fat\"}";

    private FatTestTrees() {
    }

    /** A config-drive tree with nested dirs, an empty file and a 3 MiB file. */
    static MetadataTree configDrive() {
        return configDriveBuilder().build();
    }

    static MetadataTree.Builder configDriveBuilder() {
        MetadataTree.Builder b = MetadataTree.builder();
        for (String v : new String[] {"2012-08-10", "2013-04-04", "2015-10-15", "latest"}) {
            b.put("openstack/" + v + "/meta_data.json", META_JSON);
            b.put("openstack/" + v + "/network_data.json", "{\"links\":[],\"networks\":[],\"services\":[]}");
            b.put("openstack/" + v + "/vendor_data.json", "{}");
        }
        b.put("openstack/latest/vendor_data2.json", "{\"static\":{}}");
        b.put("openstack/latest/user_data", new byte[0]);
        b.put("openstack/content/0000", "auto lo\niface lo inet loopback\n");
        b.put("openstack/content/0001", bytes(3 * 1024 * 1024, 42));
        b.put("ec2/latest/meta-data.json", "{\"instance-id\":\"i-00000001\"}");
        b.put("ec2/2009-04-04/meta-data.json", "{\"instance-id\":\"i-00000001\"}");
        return b;
    }

    /** Names that exercise long names, case, short-name tails and characters 8.3 lacks. */
    static MetadataTree awkwardNames() {
        MetadataTree.Builder b = MetadataTree.builder();
        String[] names = {
            "UPPER.TXT", "lower.txt", "Mixed.Case.Name.With.Dots.txt", "meta_data.json", "meta_data2.json",
            "meta_datum.json", "a name with spaces and well over thirteen characters in it.conf",
            "plus+comma,semi;eq=[brackets].x", "données-é.json", ".hidden", "noext", "TRAILING~1",
            "x".repeat(255), "ab.cdef", "README", "readme.md", "0000", "emoji-\uD83D\uDE00.bin",
        };
        int seed = 1;
        for (String n : names) {
            b.put("names/" + n, bytes(seed * 37, seed));
            seed++;
        }
        b.put("deep/a/b/c/d/e/f/g/h/leaf.txt", "leaf");
        b.put("deep/Another Dir With Long Name/file", "x");
        return b.build();
    }

    /** Deterministic pseudo-random bytes. */
    static byte[] bytes(int length, long seed) {
        byte[] out = new byte[length];
        new Random(seed).nextBytes(out);
        return out;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
