package io.virtseed.core.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DigestsTest {

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void theStandardsOwnExamples() {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertThat(hex(Digests.sha1(abc))).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
        assertThat(hex(Digests.sha256(abc)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        byte[] empty = new byte[0];
        assertThat(hex(Digests.sha1(empty))).isEqualTo("da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assertThat(hex(Digests.sha256(empty)))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        byte[] two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".getBytes(StandardCharsets.US_ASCII);
        assertThat(hex(Digests.sha1(two))).isEqualTo("84983e441c3bd26ebaae4aa1f95129e5e54670f1");
        assertThat(hex(Digests.sha256(two)))
                .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    }

    @Test
    void theSameAsMessageDigestOnEveryLengthAroundTheBlocks() throws Exception {
        Random random = new Random(180);
        for (int length = 0; length <= 300; length++) { // every padding case: 55, 56, 63, 64, 119, 120 ...
            for (int round = 0; round < 5; round++) {
                byte[] data = new byte[length];
                random.nextBytes(data);
                assertThat(Digests.sha1(data)).as("sha1, %d bytes", length)
                        .isEqualTo(MessageDigest.getInstance("SHA-1").digest(data));
                assertThat(Digests.sha256(data)).as("sha256, %d bytes", length)
                        .isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
            }
        }
    }
}
