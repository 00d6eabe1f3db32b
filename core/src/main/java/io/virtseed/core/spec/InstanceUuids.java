package io.virtseed.core.spec;

import io.virtseed.core.value.Digests;
import io.virtseed.core.value.InstanceName;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Instance uuids (the cloud-init instance-id) that stay put: the spec's {@code uuid:}, or one
 * derived from the instance name, a name-based UUID (RFC 9562 version 5, SHA-1) under
 * {@link #NAMESPACE}. The same name gives the same uuid on every host and in every version, so
 * rebuilding a drive does not make cloud-init take the guest for a new one.
 */
public final class InstanceUuids {

    /** virtseed's namespace for derived uuids; never change it, or every derived instance-id changes. */
    public static final UUID NAMESPACE = UUID.fromString("95326018-89d4-488f-b537-9f7a61c08b55");

    // the canonical 8-4-4-4-12 form only: UUID.fromString also takes "1-2-3-4-5"
    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private InstanceUuids() {
    }

    /** The uuid the spec gives, else the one derived from its name. */
    public static UUID of(InstanceSpec spec) {
        return spec.uuid().orElseGet(() -> fromName(spec.name()));
    }

    /** The derived uuid of an instance name. */
    public static UUID fromName(InstanceName name) {
        return nameBased(NAMESPACE, name.value());
    }

    /** A version 5 UUID of {@code name} in {@code namespace}. */
    static UUID nameBased(UUID namespace, String name) {
        byte[] text = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer input = ByteBuffer.allocate(16 + text.length).putLong(namespace.getMostSignificantBits())
                .putLong(namespace.getLeastSignificantBits()).put(text);
        ByteBuffer hash = ByteBuffer.wrap(Digests.sha1(input.array()));
        long msb = hash.getLong();
        long lsb = hash.getLong();
        msb = (msb & ~0xF000L) | 0x5000L; // version 5
        lsb = (lsb & ~(0xC000_0000_0000_0000L)) | 0x8000_0000_0000_0000L; // the RFC variant
        return new UUID(msb, lsb);
    }

    /** Empty when {@code text} is a usable instance uuid, else what is wrong. */
    public static Optional<String> problem(String text) {
        if (!CANONICAL.matcher(text).matches()) {
            return Optional.of("'" + text + "' is not a uuid: use the form 6a0f3c1e-5b7d-4e2a-9c18-3f4d5e6a7b8c");
        }
        UUID u = UUID.fromString(text);
        if (u.getMostSignificantBits() == 0 && u.getLeastSignificantBits() == 0) {
            return Optional.of("must not be the nil uuid: every instance needs its own id");
        }
        return Optional.empty();
    }
}
