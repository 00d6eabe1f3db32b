package io.virtseed.core.metadata;

import io.virtseed.core.error.SpecException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Base64;

/**
 * Decrypts the password a Windows guest posted: cloudbase-init encrypts it with the instance's
 * first SSH key (RSA, PKCS#1 v1.5) and posts the base64; the user holds the private key. Reads
 * unencrypted RSA private keys as PEM PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), PEM PKCS#8
 * ({@code BEGIN PRIVATE KEY}) and OpenSSH ({@code BEGIN OPENSSH PRIVATE KEY}).
 *
 * <pre>{@code
 * String pw = PasswordDecryption.decrypt(PasswordFile.read(dir), Files.readString(keyFile));
 * }</pre>
 */
public final class PasswordDecryption {

    private PasswordDecryption() {
    }

    /** The clear password; a wrong key or a damaged value fails without showing either. */
    public static String decrypt(byte[] stored, String privateKeyText) {
        PrivateKey key = privateKey(privateKeyText);
        byte[] cipher;
        try {
            cipher = Base64.getMimeDecoder().decode(stored);
        } catch (IllegalArgumentException e) {
            throw new SpecException("the stored password is not base64: was it posted by cloudbase-init?");
        }
        try {
            javax.crypto.Cipher rsa = javax.crypto.Cipher.getInstance("RSA/ECB/PKCS1Padding");
            rsa.init(javax.crypto.Cipher.DECRYPT_MODE, key);
            return new String(rsa.doFinal(cipher), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new SpecException("the password does not decrypt with this key: use the private key of the "
                    + "instance's first SSH key");
        }
    }

    /** Parses an unencrypted RSA private key in one of the supported formats. */
    public static PrivateKey privateKey(String text) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            if (text.contains("-----BEGIN PRIVATE KEY-----")) {
                return rsa.generatePrivate(new PKCS8EncodedKeySpec(pem(text, "PRIVATE KEY")));
            }
            if (text.contains("-----BEGIN RSA PRIVATE KEY-----")) {
                return rsa.generatePrivate(pkcs1(pem(text, "RSA PRIVATE KEY")));
            }
            if (text.contains("-----BEGIN OPENSSH PRIVATE KEY-----")) {
                return rsa.generatePrivate(openSsh(pem(text, "OPENSSH PRIVATE KEY")));
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            if (e instanceof SpecException s) {
                throw s;
            }
            throw new SpecException("the private key cannot be read: it is not an unencrypted RSA key");
        }
        throw new SpecException("the private key is not PEM (PKCS#1 or PKCS#8) or OpenSSH format");
    }

    private static byte[] pem(String text, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end, from);
        if (from < 0 || to < 0) {
            throw new SpecException("the private key has no " + end + " line");
        }
        String body = text.substring(from + begin.length(), to);
        if (body.contains("ENCRYPTED") || body.contains("Proc-Type")) {
            throw new SpecException("the private key is encrypted: decrypt it first (ssh-keygen -p)");
        }
        return Base64.getMimeDecoder().decode(body.strip());
    }

    /** RSAPrivateKey ::= SEQUENCE { version, n, e, d, p, q, dP, dQ, qInv } (RFC 8017). */
    private static RSAPrivateCrtKeySpec pkcs1(byte[] der) {
        ByteBuffer in = ByteBuffer.wrap(der);
        expect(in, 0x30);
        length(in);
        BigInteger[] v = new BigInteger[9];
        for (int i = 0; i < v.length; i++) {
            expect(in, 0x02);
            byte[] b = new byte[length(in)];
            in.get(b);
            v[i] = new BigInteger(b);
        }
        return new RSAPrivateCrtKeySpec(v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
    }

    private static void expect(ByteBuffer in, int tag) {
        if ((in.get() & 0xff) != tag) {
            throw new SpecException("the private key is not a PKCS#1 RSA key");
        }
    }

    private static int length(ByteBuffer in) {
        int first = in.get() & 0xff;
        if (first < 0x80) {
            return first;
        }
        int n = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            n = (n << 8) | (in.get() & 0xff);
        }
        return n;
    }

    /** openssh-key-v1: unencrypted only; the private section holds n, e, d, iqmp, p, q. */
    private static RSAPrivateCrtKeySpec openSsh(byte[] blob) {
        ByteBuffer in = ByteBuffer.wrap(blob);
        byte[] magic = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
        byte[] head = new byte[magic.length];
        in.get(head);
        if (!java.util.Arrays.equals(head, magic)) {
            throw new SpecException("the private key is not an OpenSSH key");
        }
        if (!text(in).equals("none")) {
            throw new SpecException("the private key is encrypted: decrypt it first (ssh-keygen -p)");
        }
        text(in);
        field(in);
        if (in.getInt() != 1) {
            throw new SpecException("the private key file holds several keys: give one");
        }
        field(in);
        ByteBuffer priv = ByteBuffer.wrap(field(in));
        if (priv.getInt() != priv.getInt()) {
            throw new SpecException("the private key is damaged (check bytes differ)");
        }
        if (!text(priv).equals("ssh-rsa")) {
            throw new SpecException("the private key is not an RSA key: cloudbase-init encrypts with RSA only");
        }
        BigInteger n = mpint(priv);
        BigInteger e = mpint(priv);
        BigInteger d = mpint(priv);
        BigInteger qInv = mpint(priv);
        BigInteger p = mpint(priv);
        BigInteger q = mpint(priv);
        return new RSAPrivateCrtKeySpec(n, e, d, p, q, d.mod(p.subtract(BigInteger.ONE)),
                d.mod(q.subtract(BigInteger.ONE)), qInv);
    }

    private static byte[] field(ByteBuffer in) {
        byte[] b = new byte[in.getInt()];
        in.get(b);
        return b;
    }

    private static String text(ByteBuffer in) {
        return new String(field(in), StandardCharsets.US_ASCII);
    }

    private static BigInteger mpint(ByteBuffer in) {
        return new BigInteger(field(in));
    }
}
