package io.virtseed.core.ssh;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * An Ed25519 key pair made by the JDK (no {@code ssh-keygen} needed at {@code up}), in the two
 * forms OpenSSH reads: the one-line public key and the unencrypted {@code openssh-key-v1}
 * private key file.
 *
 * <pre>{@code
 * Ed25519KeyPair k = Ed25519KeyPair.generate("virtseed@web1", new SecureRandom());
 * AtomicFiles.write(dir.resolve("id_ed25519"), k.privateKeyFile(), AtomicFiles.PRIVATE);
 * }</pre>
 */
public final class Ed25519KeyPair {

    static final String TYPE = "ssh-ed25519";
    private static final int KEY_BYTES = 32;

    private final byte[] publicKey;
    private final byte[] seed;
    private final String comment;
    private final int checkInt;

    private Ed25519KeyPair(byte[] publicKey, byte[] seed, String comment, int checkInt) {
        this.publicKey = publicKey;
        this.seed = seed;
        this.comment = comment;
        this.checkInt = checkInt;
    }

    /** A fresh pair; the comment follows the public key and is kept in the private file. */
    public static Ed25519KeyPair generate(String comment, SecureRandom random) {
        Objects.requireNonNull(comment, "comment");
        if (comment.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("key comment holds a control character");
        }
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("Ed25519");
            gen.initialize(255, random);
            KeyPair pair = gen.generateKeyPair();
            byte[] seed = ((EdECPrivateKey) pair.getPrivate()).getBytes()
                    .orElseThrow(() -> new IllegalStateException("the JDK's Ed25519 key has no private bytes"));
            byte[] pub = encodePoint((EdECPublicKey) pair.getPublic());
            return new Ed25519KeyPair(pub, seed, comment, random.nextInt());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make Ed25519 keys: " + e.getMessage(), e);
        }
    }

    /**
     * Makes a key pair and drops it, so a later {@link #generate} in this process finds the JDK's
     * providers loaded and its code warm; for a thread that has nothing else to do meanwhile.
     * Never throws: {@link #generate} reports what is wrong.
     */
    public static void warmUp() {
        try {
            generate("", new SecureRandom()).publicKeyLine();
        } catch (RuntimeException e) {
            // generate says it again, where it counts
        }
    }

    /**
     * RFC 8032's 32-byte form of the public point: y little-endian, the top bit holding x's
     * parity. The JDK gives the point itself, not these bytes (its X.509 form wraps them in DER).
     */
    static byte[] encodePoint(EdECPublicKey key) {
        BigInteger y = key.getPoint().getY();
        byte[] big = y.toByteArray(); // big-endian, maybe with a leading sign byte
        byte[] out = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES && i < big.length; i++) {
            out[i] = big[big.length - 1 - i];
        }
        if (key.getPoint().isXOdd()) {
            out[KEY_BYTES - 1] |= (byte) 0x80;
        }
        return out;
    }

    /** {@code ssh-ed25519 BASE64 COMMENT}, as authorized_keys and meta_data's public_keys take it. */
    public String publicKeyLine() {
        return TYPE + " " + Base64.getEncoder().encodeToString(publicBlob()) + (comment.isEmpty() ? "" : " " + comment);
    }

    /**
     * The private key file as {@code ssh-keygen -t ed25519 -N ""} writes it: PEM armour around
     * {@code openssh-key-v1}, cipher and KDF {@code none}, one key; the private section holds a
     * check number twice (it tells a wrong passphrase apart, here there is none), the key and the
     * comment, padded to 8 bytes with 1, 2, 3, ...
     */
    public byte[] privateKeyFile() {
        var body = new SshBuffer();
        body.raw("openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII));
        body.string("none").string("none").string(new byte[0]).uint32(1).string(publicBlob());
        var secret = new SshBuffer();
        secret.uint32(checkInt).uint32(checkInt).string(TYPE).string(publicKey);
        byte[] both = new byte[2 * KEY_BYTES]; // OpenSSH keeps the seed followed by the public key
        System.arraycopy(seed, 0, both, 0, KEY_BYTES);
        System.arraycopy(publicKey, 0, both, KEY_BYTES, KEY_BYTES);
        secret.string(both).string(comment);
        Arrays.fill(both, (byte) 0);
        for (int pad = 1; secret.size() % 8 != 0; pad++) {
            secret.raw(new byte[] {(byte) pad});
        }
        body.string(secret.bytes());
        String b64 = Base64.getMimeEncoder(70, new byte[] {'\n'}).encodeToString(body.bytes());
        String pem = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + b64 + "\n-----END OPENSSH PRIVATE KEY-----\n";
        return pem.getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] publicBlob() {
        return new SshBuffer().string(TYPE).string(publicKey).bytes();
    }

    @Override
    public String toString() {
        return "Ed25519KeyPair[" + publicKeyLine() + "]"; // never the private half
    }

    /** SSH wire encoding (RFC 4251): big-endian uint32 and length-prefixed strings. */
    private static final class SshBuffer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        SshBuffer uint32(int v) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(v).array());
            return this;
        }

        SshBuffer string(String s) {
            return string(s.getBytes(StandardCharsets.UTF_8));
        }

        SshBuffer string(byte[] b) {
            uint32(b.length);
            out.writeBytes(b);
            return this;
        }

        SshBuffer raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        int size() {
            return out.size();
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
