package io.virtseed.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.SpecException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encrypts as cloudbase-init does (RSA PKCS#1 v1.5, base64) and decrypts with keys ssh-keygen wrote. */
class PasswordDecryptionTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"PEM", "PKCS8", "RFC4716"})
    void decryptsWithEveryKeyFormat(String format) throws Exception {
        Path key = dir.resolve("k");
        // RFC4716 for a private key is ssh-keygen's own (OpenSSH) format
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-m", format, "-f",
                key.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        String text = Files.readString(key);
        assertThat(text).contains(switch (format) {
            case "PEM" -> "BEGIN RSA PRIVATE KEY";
            case "PKCS8" -> "BEGIN PRIVATE KEY";
            default -> "BEGIN OPENSSH PRIVATE KEY";
        });
        byte[] posted = encrypt("Gr8-pass word", Files.readString(Path.of(key + ".pub")));
        assertThat(PasswordDecryption.decrypt(posted, text)).isEqualTo("Gr8-pass word");
    }

    @Test
    void aWrongKeyFailsWithoutShowingTheValue() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        for (Path k : new Path[] {a, b}) {
            new ProcessBuilder("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-m", "PEM", "-f", k.toString())
                    .start().waitFor(60, TimeUnit.SECONDS);
        }
        byte[] posted = encrypt("secret-value", Files.readString(Path.of(a + ".pub")));
        assertThatThrownBy(() -> PasswordDecryption.decrypt(posted, Files.readString(b)))
                .isInstanceOf(SpecException.class).hasMessageNotContaining("secret-value");
        assertThatThrownBy(() -> PasswordDecryption.privateKey("not a key")).isInstanceOf(SpecException.class);
    }

    private static byte[] encrypt(String password, String publicLine) throws Exception {
        ByteBuffer in = ByteBuffer.wrap(Base64.getDecoder().decode(publicLine.split(" ")[1]));
        field(in);
        BigInteger e = new BigInteger(field(in));
        BigInteger n = new BigInteger(field(in));
        PublicKey pub = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
        Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        c.init(Cipher.ENCRYPT_MODE, pub);
        return Base64.getEncoder().encode(c.doFinal(password.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] field(ByteBuffer in) {
        byte[] b = new byte[in.getInt()];
        in.get(b);
        return b;
    }
}
