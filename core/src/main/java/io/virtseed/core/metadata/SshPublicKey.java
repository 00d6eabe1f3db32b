package io.virtseed.core.metadata;

import io.virtseed.core.error.SpecException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An OpenSSH public key in its one-line form, {@code TYPE BASE64 [COMMENT]}, checked the way sshd
 * would read it: a supported type, a base64 body whose embedded type string matches, and the
 * fields that type carries (an RSA key of at least 1024 bits, a 32-byte Ed25519 key, an ECDSA
 * point on the named curve). A key sshd would ignore is rejected here instead of failing silently
 * in the guest.
 *
 * <pre>{@code
 * SshPublicKey key = SshPublicKey.parse("ssh-ed25519 AAAAC3Nza... alice@laptop");
 * }</pre>
 */
public record SshPublicKey(String type, String body, Optional<String> comment) {

    /** The key types accepted, in the order error messages list them. */
    public static final List<String> TYPES = List.of("ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com",
            "sk-ecdsa-sha2-nistp256@openssh.com");

    public SshPublicKey {
        Objects.requireNonNull(comment, "comment");
        if (!TYPES.contains(type)) {
            throw new SpecException("key type '" + type + "' is not supported (use one of " + String.join(", ", TYPES)
                    + "; options before the type are not allowed)");
        }
        checkBody(type, body);
        comment.ifPresent(SshPublicKey::checkComment);
        comment = comment.filter(c -> !c.isEmpty());
    }

    /** Parses one authorized_keys-style line (without options). */
    public static SshPublicKey parse(String line) {
        if (line == null || line.isBlank()) {
            throw new SpecException("the key is empty");
        }
        String trimmed = line.strip();
        if (trimmed.indexOf('\n') >= 0 || trimmed.indexOf('\r') >= 0) {
            throw new SpecException("the key spans several lines: give one key per entry");
        }
        String[] parts = trimmed.split("[ \t]+", 3);
        if (parts.length < 2) {
            throw new SpecException("the key '" + abbreviate(trimmed) + "' has no base64 body: use 'TYPE BASE64 [COMMENT]'");
        }
        return new SshPublicKey(parts[0], parts[1], parts.length == 3 ? Optional.of(parts[2]) : Optional.empty());
    }

    /** The canonical line: type, body and comment separated by single spaces. */
    public String line() {
        return type + " " + body + comment.map(c -> " " + c).orElse("");
    }

    @Override
    public String toString() {
        return line();
    }

    private static void checkComment(String comment) {
        for (int i = 0; i < comment.length(); i++) {
            char c = comment.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new SpecException("the key comment has a control character");
            }
        }
    }

    private static void checkBody(String type, String body) {
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(Objects.requireNonNull(body, "body"));
        } catch (IllegalArgumentException e) {
            throw new SpecException(type + " key body is not valid base64: " + e.getMessage());
        }
        if (!Base64.getEncoder().encodeToString(blob).equals(body)) {
            // the JDK decoder tolerates missing padding; ssh tools may not
            throw new SpecException(type + " key body is not valid base64: padding is missing or wrong");
        }
        ByteBuffer in = ByteBuffer.wrap(blob);
        String embedded = new String(field(in, type), StandardCharsets.US_ASCII);
        if (!embedded.equals(type)) {
            throw new SpecException("the key says '" + type + "' but its body holds a '" + abbreviate(embedded) + "' key");
        }
        switch (type) {
            case "ssh-rsa" -> checkRsa(in);
            case "ssh-ed25519" -> expectLength(field(in, type), 32, type, "public key");
            case "sk-ssh-ed25519@openssh.com" -> {
                expectLength(field(in, type), 32, type, "public key");
                field(in, type);
            }
            case "sk-ecdsa-sha2-nistp256@openssh.com" -> {
                checkEcdsa(in, type, "nistp256");
                field(in, type);
            }
            default -> checkEcdsa(in, type, type.substring("ecdsa-sha2-".length()));
        }
        if (in.hasRemaining()) {
            throw new SpecException(type + " key body has " + in.remaining() + " unexpected trailing bytes");
        }
    }

    private static void checkRsa(ByteBuffer in) {
        byte[] exponent = field(in, "ssh-rsa");
        byte[] modulus = field(in, "ssh-rsa");
        if (exponent.length == 0 || new BigInteger(exponent).signum() <= 0) {
            throw new SpecException("ssh-rsa key has an invalid public exponent");
        }
        int bits = new BigInteger(modulus).bitLength();
        if (bits < 1024) {
            throw new SpecException("ssh-rsa key has " + bits + " bits: OpenSSH refuses RSA keys under 1024 bits");
        }
    }

    private static void checkEcdsa(ByteBuffer in, String type, String curve) {
        String named = new String(field(in, type), StandardCharsets.US_ASCII);
        if (!named.equals(curve)) {
            throw new SpecException(type + " key names curve '" + abbreviate(named) + "' instead of " + curve);
        }
        int coordinate = switch (curve) {
            case "nistp256" -> 32;
            case "nistp384" -> 48;
            default -> 66;
        };
        byte[] point = field(in, type);
        expectLength(point, 1 + 2 * coordinate, type, "curve point");
        if (point[0] != 0x04) {
            throw new SpecException(type + " key point is not in uncompressed form");
        }
    }

    private static byte[] field(ByteBuffer in, String type) {
        if (in.remaining() < 4) {
            throw new SpecException(type + " key body is truncated");
        }
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new SpecException(type + " key body is truncated or malformed");
        }
        byte[] value = new byte[length];
        in.get(value);
        return value;
    }

    private static void expectLength(byte[] value, int expected, String type, String what) {
        if (value.length != expected) {
            throw new SpecException(type + " key " + what + " has " + value.length + " bytes, not " + expected);
        }
    }

    private static String abbreviate(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 37) + "...";
    }
}
