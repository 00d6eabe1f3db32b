package io.virtseed.embed;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.virtseed.core.Virtseed;

/**
 * virtseed for a Guice application: binds {@link Virtseeds} (one per injector, closed by whoever
 * owns the injector) and {@link Virtseed}, composed with the real adapters for {@code settings}.
 *
 * <pre>{@code
 * Injector in = Guice.createInjector(new VirtseedModule(Settings.defaults()));
 * Virtseed vs = in.getInstance(Virtseed.class);
 * }</pre>
 */
public final class VirtseedModule extends AbstractModule {

    private final Settings settings;

    public VirtseedModule(Settings settings) {
        this.settings = java.util.Objects.requireNonNull(settings, "settings");
    }

    @Provides
    @Singleton
    Virtseeds virtseeds() {
        return Virtseeds.open(settings);
    }

    @Provides
    @Singleton
    Virtseed virtseed(Virtseeds virtseeds) {
        return virtseeds.virtseed();
    }
}
