package io.virtseed.core.ports;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The mark a state folder puts on what it makes on the host outside libvirt (link aliases, iptables
 * rule comments), so that {@code reap} can tell its own leftovers from another state folder's: a
 * {@code vs-} name alone proves nothing, since several state folders share one host. It is
 * {@code virtseed:} and the first 16 hex digits of the SHA-256 of the state folder's absolute path;
 * short and free of spaces so it fits an interface alias and an iptables comment unquoted.
 *
 * <pre>{@code StateMark.of(Path.of("/var/lib/virtseed")).value()  // virtseed:5c0f... }</pre>
 */
public record StateMark(String value) {

    /** What every state folder's mark starts with: a mark with it and another value is another folder's. */
    public static final String PREFIX = "virtseed:";

    public StateMark {
        Objects.requireNonNull(value, "value");
        if (!value.matches("virtseed:[0-9a-f]{16}")) {
            throw new IllegalArgumentException("invalid state mark '" + value + "'");
        }
    }

    public static StateMark of(Path stateRoot) {
        String path = stateRoot.toAbsolutePath().normalize().toString();
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
            return new StateMark(PREFIX + HexFormat.of().formatHex(sha, 0, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    /** Whose a mark read from the host is, seen from this state folder. */
    public HostObject.Owner judge(String found) {
        if (value.equals(found)) {
            return HostObject.Owner.THIS_STATE;
        }
        return found != null && found.startsWith(PREFIX) ? HostObject.Owner.OTHER_STATE : HostObject.Owner.UNPROVEN;
    }
}
