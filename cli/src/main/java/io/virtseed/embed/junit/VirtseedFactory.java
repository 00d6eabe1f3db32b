package io.virtseed.embed.junit;

import io.virtseed.embed.HostUnavailableException;
import io.virtseed.embed.Settings;
import io.virtseed.embed.Virtseeds;

/**
 * Makes the session a {@link VirtseedTest} class boots its instances with. An implementation
 * needs a public no-argument constructor.
 */
public interface VirtseedFactory {

    /**
     * A session for these settings, checked to be usable.
     *
     * @throws HostUnavailableException when this host cannot run the instances, saying why
     */
    Virtseeds open(Settings settings);

    /** The real adapters, as the CLI composes them; refuses a host that is not root or has no libvirt. */
    final class Real implements VirtseedFactory {
        @Override
        public Virtseeds open(Settings settings) {
            Virtseeds session = Virtseeds.open(settings);
            try {
                session.requireUsableHost();
                return session;
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
        }
    }
}
