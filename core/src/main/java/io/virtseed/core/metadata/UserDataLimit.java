package io.virtseed.core.metadata;

import java.util.Optional;

/** Nova's API limit on user data, checked where a spec is read and again where metadata is built. */
public final class UserDataLimit {

    /** 65535 base64 characters decode to at most 49149 bytes. */
    public static final int MAX_BYTES = 65535 / 4 * 3;

    private UserDataLimit() {
    }

    /**
     * Empty when {@code length} bytes of user data are allowed, else what is wrong and what to do,
     * phrased to follow the field's name.
     */
    public static Optional<String> problem(int length) {
        if (length <= MAX_BYTES) {
            return Optional.empty();
        }
        return Optional.of("is " + length + " bytes: at most " + MAX_BYTES + " bytes are allowed"
                + " (nova's limit of 65535 base64 characters); compress it with gzip or fetch the rest with #include");
    }
}
