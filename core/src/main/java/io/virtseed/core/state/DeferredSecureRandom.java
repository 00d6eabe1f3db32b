package io.virtseed.core.state;

import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * A {@link SecureRandom} made on first use, for a random source that a run may never draw from
 * (the MACs of an instance or a drive without NICs): a fresh process's first secure random (the
 * providers, the entropy source) costs some 10 to 20 ms, spent on nothing otherwise.
 */
public final class DeferredSecureRandom implements RandomGenerator {

    private SecureRandom random;

    private synchronized SecureRandom random() {
        if (random == null) {
            random = new SecureRandom();
        }
        return random;
    }

    @Override
    public long nextLong() {
        return random().nextLong();
    }

    @Override
    public int nextInt() {
        return random().nextInt();
    }

    @Override
    public void nextBytes(byte[] bytes) {
        random().nextBytes(bytes);
    }
}
