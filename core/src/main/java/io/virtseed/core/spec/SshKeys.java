package io.virtseed.core.spec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/** Checks OpenSSH one-line public keys: {@code type base64 [comment]}, the blob naming the same type. */
public final class SshKeys {

    private static final Set<String> TYPES = Set.of("ssh-rsa", "ssh-ed25519", "ssh-dss", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com",
            "sk-ecdsa-sha2-nistp256@openssh.com");

    private SshKeys() {
    }

    /** Null when the line is a well-formed public key, else what is wrong. */
    public static String problem(String line) {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            return "it spans several lines";
        }
        String[] parts = line.trim().split("\\s+", 3);
        if (parts.length < 2) {
            return "expected 'TYPE BASE64 [comment]'";
        }
        if (!TYPES.contains(parts[0])) {
            return "unknown key type '" + parts[0] + "'";
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            return "the key body is not base64";
        }
        if (blob.length < 4) {
            return "the key body is too short";
        }
        ByteBuffer b = ByteBuffer.wrap(blob);
        int len = b.getInt();
        if (len <= 0 || len > b.remaining()) {
            return "the key body is malformed";
        }
        byte[] type = new byte[len];
        b.get(type);
        if (!parts[0].equals(new String(type, StandardCharsets.US_ASCII))) {
            return "the key body is of type '" + new String(type, StandardCharsets.US_ASCII) + "', not " + parts[0];
        }
        return null;
    }
}
