package io.virtseed.core.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.metadata.SshPublicKey;
import io.virtseed.core.testing.RealComponents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key pair in OpenSSH's own formats, read back by the real {@code ssh-keygen}. */
class Ed25519KeyPairTest {

    @TempDir
    Path dir;

    /** RFC 8032, section 7.1, test 1: this seed has this public key. */
    @Test
    void thePublicKeyIsRfc8032sEncodingOfTheSeedsPoint() {
        byte[] seed = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        Ed25519KeyPair k = Ed25519KeyPair.generate("rfc", new FixedRandom(seed));
        byte[] blob = Base64.getDecoder().decode(k.publicKeyLine().split(" ")[1]);
        byte[] raw = java.util.Arrays.copyOfRange(blob, blob.length - 32, blob.length);
        assertThat(HexFormat.of().formatHex(raw))
                .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        assertThat(SshPublicKey.parse(k.publicKeyLine()).comment()).contains("rfc");
    }

    @Test
    void sshKeygenReadsThePrivateFileAndDerivesTheSamePublicKey() throws Exception {
        requireSshKeygen();
        Ed25519KeyPair k = Ed25519KeyPair.generate("virtseed@vs-key", new SecureRandom());
        SshFiles files = new SshFiles(dir);
        files.write("debian", k);
        assertThat(Files.getPosixFilePermissions(files.privateKey())).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        Result r = run(null, "ssh-keygen", "-y", "-f", files.privateKey().toString());
        assertThat(r.code).as(r.out).isZero();
        String[] derived = r.out.strip().split(" ");
        String[] ours = k.publicKeyLine().split(" ");
        assertThat(derived[0] + " " + derived[1]).isEqualTo(ours[0] + " " + ours[1]);
    }

    /** OpenSSH signs with the private file; the signature verifies for the public line (seed and point agree), no other. */
    @Test
    void aSignatureMadeWithThePrivateFileChecksAgainstThePublicLine() throws Exception {
        requireSshKeygen();
        Ed25519KeyPair k = Ed25519KeyPair.generate("virtseed@vs-sign", new SecureRandom());
        SshFiles files = new SshFiles(dir);
        files.write("debian", k);
        Path data = Files.writeString(dir.resolve("data.txt"), "signed by the generated key\n");

        Result sign = run(null, "ssh-keygen", "-q", "-Y", "sign", "-f", files.privateKey().toString(), "-n", "vs-test",
                data.toString());
        assertThat(sign.code).as(sign.out).isZero();
        Path sig = dir.resolve("data.txt.sig");
        Result check = verify(data, sig, k.publicKeyLine());
        assertThat(check.code).as(check.out).isZero();

        Result wrong = verify(data, sig, Ed25519KeyPair.generate("other", new SecureRandom()).publicKeyLine());
        assertThat(wrong.code).as("another key's signature must not check").isNotZero();
    }

    @Test
    void thePrivateFileIsOpensshsUnencryptedFormat() {
        Ed25519KeyPair k = Ed25519KeyPair.generate("c", new SecureRandom());
        String pem = new String(k.privateKeyFile(), StandardCharsets.US_ASCII);
        assertThat(pem).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n").endsWith("-----END OPENSSH PRIVATE KEY-----\n");
        byte[] body = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        assertThat(new String(body, 0, 15, StandardCharsets.US_ASCII)).isEqualTo("openssh-key-v1\0");
        assertThat(pem.lines().filter(l -> !l.startsWith("-----"))).allMatch(l -> l.length() <= 70);
        assertThat(k.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void aCommentWithAControlCharacterIsRefused() {
        assertThatThrownBy(() -> Ed25519KeyPair.generate("a\nb", new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control character");
    }

    /** {@code ssh-keygen -Y verify} against an allowed-signers file that holds {@code publicKeyLine} alone. */
    private Result verify(Path data, Path sig, String publicKeyLine) throws IOException, InterruptedException {
        Path signers = Files.writeString(dir.resolve("allowed_signers"), "vs@test " + publicKeyLine + "\n");
        return run(data, "ssh-keygen", "-Y", "verify", "-f", signers.toString(), "-I", "vs@test", "-n", "vs-test",
                "-s", sig.toString());
    }

    static void requireSshKeygen() {
        RealComponents.require(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "ssh-keygen (openssh-client)",
                "run scripts/host-setup.sh");
    }

    private record Result(int code, String out) {
    }

    private static Result run(Path stdin, String... argv) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(argv))).redirectErrorStream(true);
        pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))
                : ProcessBuilder.Redirect.from(stdin.toFile()));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    /** Hands out the given seed first (the JDK draws the 32 seed bytes in one call), then zeros. */
    private static final class FixedRandom extends SecureRandom {
        private byte[] next;

        FixedRandom(byte[] seed) {
            this.next = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            java.util.Arrays.fill(bytes, (byte) 0);
            if (next != null) {
                System.arraycopy(next, 0, bytes, 0, Math.min(next.length, bytes.length));
                next = null;
            }
        }
    }
}
