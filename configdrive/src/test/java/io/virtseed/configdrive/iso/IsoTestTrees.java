package io.virtseed.configdrive.iso;

import io.virtseed.core.metadata.MetadataTree;
import java.util.Random;

/** Trees shared by the ISO tests. */
final class IsoTestTrees {

    static final String UUID = "6f1e2a3b-7c4d-4e5f-8a9b-0c1d2e3f4a5b";
    static final String META_JSON = "{\"uuid\":\"" + UUID + "\",\"hostname\":\"vs-iso\",\"name\":\"vs-iso\"}";
    /** 60 UTF-16 units but 180 UTF-8 bytes: its Rock Ridge NM needs a continuation area. */
    static final String LONG_CJK_NAME = "設定".repeat(30);

    private IsoTestTrees() {
    }

    /** A nova-shaped drive with an empty file, unicode names and a 3 MiB binary user_data. */
    static MetadataTree configDrive() {
        return bmpBuilder().put("emoji/😀 smile.md", "smile").build();
    }

    /**
     * The same without the name outside the Basic Multilingual Plane: genisoimage and
     * xorriso write only UCS-2 Joliet names (genisoimage even writes an empty one).
     */
    static MetadataTree bmpOnly() {
        return bmpBuilder().build();
    }

    private static MetadataTree.Builder bmpBuilder() {
        return MetadataTree.builder()
                .put("openstack/2012-08-10/meta_data.json", META_JSON)
                .put("openstack/2012-08-10/user_data", binary(3 * 1024 * 1024, 1))
                .put("openstack/latest/meta_data.json", META_JSON)
                .put("openstack/latest/network_data.json", "{\"links\":[],\"networks\":[],\"services\":[]}")
                .put("openstack/latest/user_data", binary(3 * 1024 * 1024, 1))
                .put("openstack/latest/vendor_data.json", "{}")
                .put("openstack/content/0000", "auto eth0\n")
                .put("openstack/content/0001", new byte[0])
                .put("ec2/latest/meta-data.json", "{\"instance-id\":\"i-0001\"}")
                .put("ec2/2009-04-04/meta-data.json", "{\"instance-id\":\"i-0001\"}")
                .put("données/café crème.txt", "crème")
                .put("données/" + LONG_CJK_NAME, "long")
                .put("README", "no extension");
    }

    /** Small, deterministic "random" content. */
    static byte[] binary(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
