package io.virtseed.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.SpecException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SshPublicKeyTest {

    @Test
    void parsesKeysMadeBySshKeygen() {
        SshPublicKey ed = SshPublicKey.parse("  " + MetadataFixtures.ED25519 + "\n");
        assertThat(ed.type()).isEqualTo("ssh-ed25519");
        assertThat(ed.comment()).contains("alice@laptop");
        assertThat(ed.line()).isEqualTo(MetadataFixtures.ED25519);
        assertThat(SshPublicKey.parse(MetadataFixtures.RSA).comment()).contains("bob@desk");
        SshPublicKey ec = SshPublicKey.parse(MetadataFixtures.ECDSA);
        assertThat(ec.comment()).isEmpty();
        assertThat(ec.line()).isEqualTo(MetadataFixtures.ECDSA);
    }

    @Test
    void commentMayHoldSpacesAndTabsCollapseBetweenFields() {
        String body = MetadataFixtures.ED25519.split(" ")[1];
        SshPublicKey k = SshPublicKey.parse("ssh-ed25519\t" + body + "  my laptop key");
        assertThat(k.comment()).contains("my laptop key");
        assertThat(k.line()).isEqualTo("ssh-ed25519 " + body + " my laptop key");
    }

    @Test
    void parsesSecurityKeyTypes() {
        String sk = "sk-ssh-ed25519@openssh.com";
        assertThat(SshPublicKey.parse(sk + " " + b64(str(sk), str(new byte[32]), str("ssh:"))).type()).isEqualTo(sk);
        String ske = "sk-ecdsa-sha2-nistp256@openssh.com";
        assertThat(SshPublicKey.parse(ske + " " + b64(str(ske), str("nistp256"), str(point(32)), str("ssh:"))).type())
                .isEqualTo(ske);
        String p384 = "ecdsa-sha2-nistp384";
        assertThat(SshPublicKey.parse(p384 + " " + b64(str(p384), str("nistp384"), str(point(48)))).type()).isEqualTo(p384);
    }

    @Test
    void rejectsUnsupportedTypesAndOptions() {
        assertThatThrownBy(() -> SshPublicKey.parse("ssh-dss AAAAB3NzaC1kc3M= old"))
                .isInstanceOf(SpecException.class).hasMessageContaining("key type 'ssh-dss' is not supported");
        assertThatThrownBy(() -> SshPublicKey.parse("command=\"ls\" " + MetadataFixtures.ED25519))
                .isInstanceOf(SpecException.class).hasMessageContaining("options before the type are not allowed");
        assertThatThrownBy(() -> SshPublicKey.parse("ssh-ed25519"))
                .isInstanceOf(SpecException.class).hasMessageContaining("has no base64 body");
        assertThatThrownBy(() -> SshPublicKey.parse(" "))
                .isInstanceOf(SpecException.class).hasMessageContaining("the key is empty");
        assertThatThrownBy(() -> SshPublicKey.parse(MetadataFixtures.ED25519 + "\n" + MetadataFixtures.RSA))
                .isInstanceOf(SpecException.class).hasMessageContaining("spans several lines");
    }

    @Test
    void rejectsBadBodies() {
        String edBody = MetadataFixtures.ED25519.split(" ")[1];
        assertThatThrownBy(() -> SshPublicKey.parse("ssh-ed25519 AAAA$$$$"))
                .isInstanceOf(SpecException.class).hasMessageContaining("not valid base64");
        String ecBody = MetadataFixtures.ECDSA.split(" ")[1];
        assertThatThrownBy(() -> SshPublicKey.parse("ecdsa-sha2-nistp256 " + ecBody.substring(0, ecBody.length() - 1)))
                .isInstanceOf(SpecException.class).hasMessageContaining("padding is missing");
        assertThatThrownBy(() -> SshPublicKey.parse("ssh-rsa " + edBody))
                .isInstanceOf(SpecException.class).hasMessageContaining("the key says 'ssh-rsa' but its body holds a 'ssh-ed25519' key");
        assertThatThrownBy(() -> SshPublicKey.parse("ssh-ed25519 " + b64(str("ssh-ed25519"), str(new byte[31]))))
                .isInstanceOf(SpecException.class).hasMessageContaining("public key has 31 bytes, not 32");
        assertThatThrownBy(() -> SshPublicKey.parse("ssh-ed25519 " + b64(str("ssh-ed25519"), str(new byte[32]), new byte[] {1})))
                .isInstanceOf(SpecException.class).hasMessageContaining("1 unexpected trailing bytes");
        assertThatThrownBy(() -> SshPublicKey.parse("ssh-ed25519 " + b64(str("ssh-ed25519"), new byte[] {0, 0, 0, 40, 1})))
                .isInstanceOf(SpecException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> SshPublicKey.parse("ecdsa-sha2-nistp256 "
                + b64(str("ecdsa-sha2-nistp256"), str("nistp384"), str(point(32)))))
                .isInstanceOf(SpecException.class).hasMessageContaining("names curve 'nistp384' instead of nistp256");
    }

    @Test
    void rejectsShortRsaKeys() {
        BigInteger modulus = BigInteger.ONE.shiftLeft(767).add(BigInteger.ONE);
        String body = b64(str("ssh-rsa"), str(BigInteger.valueOf(65537).toByteArray()), str(modulus.toByteArray()));
        assertThatThrownBy(() -> SshPublicKey.parse("ssh-rsa " + body))
                .isInstanceOf(SpecException.class).hasMessageContaining("768 bits: OpenSSH refuses RSA keys under 1024 bits");
    }

    @Test
    void rejectsControlCharactersInTheComment() {
        String body = MetadataFixtures.ED25519.split(" ")[1];
        assertThatThrownBy(() -> new SshPublicKey("ssh-ed25519", body, java.util.Optional.of("a\u0007b")))
                .isInstanceOf(SpecException.class).hasMessageContaining("control character");
    }

    private static byte[] point(int coordinate) {
        byte[] p = new byte[1 + 2 * coordinate];
        p[0] = 4;
        return p;
    }

    private static byte[] str(String s) {
        return str(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] str(byte[] value) {
        return ByteBuffer.allocate(4 + value.length).putInt(value.length).put(value).array();
    }

    private static String b64(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
