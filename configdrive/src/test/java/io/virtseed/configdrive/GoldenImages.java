package io.virtseed.configdrive;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.metadata.MetadataTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Pins a writer's bytes: the image must equal a committed golden file under
 * {@code src/test/resources/golden/} (gzip, as the images are mostly zeros) and have the SHA-256
 * written in the test. A change to a writer then shows up as a changed golden and a changed
 * digest, both reviewed. After a deliberate change run the tests with
 * {@code -Dvirtseed.updateGoldens=true}, which rewrites the golden file, and put the digest the
 * failure names into the test.
 */
public final class GoldenImages {

    private static final Path ROOT = Path.of("src", "test", "resources", "golden");

    private GoldenImages() {
    }

    /** The small tree every golden image holds: nova's layout, a long name, a non-ASCII name, an empty file. */
    public static MetadataTree tree() {
        String meta = "{\"uuid\":\"0b7a1c5e-2f43-4d8e-9a61-5c3e7f0d2b19\",\"hostname\":\"vs-golden\",\"name\":\"vs-golden\"}";
        return MetadataTree.builder()
                .put("openstack/latest/meta_data.json", meta)
                .put("openstack/latest/network_data.json", "{\"links\":[],\"networks\":[],\"services\":[]}")
                .put("openstack/latest/vendor_data.json", "{}")
                .put("openstack/latest/user_data", "#cloud-config\nhostname: vs-golden\n")
                .put("openstack/content/0000", new byte[0])
                .put("ec2/latest/meta-data.json", "{\"instance-id\":\"i-00000001\"}")
                .put("données/café.txt", "crème\n")
                .build();
    }

    public static void assertMatches(byte[] image, String goldenName, String sha256) throws IOException {
        Path golden = ROOT.resolve(goldenName + ".gz");
        if (Boolean.getBoolean("virtseed.updateGoldens")) {
            Files.createDirectories(ROOT);
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(golden))) {
                out.write(image);
            }
        }
        byte[] expected = read(golden);
        int at = Arrays.mismatch(image, expected);
        assertThat(at).as("%s: first differing byte (sector %d of 2048 bytes, %d of 512); image %d bytes, golden %d;"
                + " after a deliberate change rerun with -Dvirtseed.updateGoldens=true and review the diff",
                goldenName, at / 2048, at / 512, image.length, expected.length).isEqualTo(-1);
        assertThat(sha256(image)).as("SHA-256 of %s: the digest in the test must change with the golden", goldenName)
                .isEqualTo(sha256);
    }

    /** The golden image itself, for the readers. */
    public static byte[] read(String goldenName) throws IOException {
        return read(ROOT.resolve(goldenName + ".gz"));
    }

    private static byte[] read(Path golden) throws IOException {
        assertThat(golden).as("golden image (create it with -Dvirtseed.updateGoldens=true)").isRegularFile();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(golden))) {
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
