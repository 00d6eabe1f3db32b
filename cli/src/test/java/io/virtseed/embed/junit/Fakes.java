package io.virtseed.embed.junit;

import io.virtseed.core.Virtseed;
import io.virtseed.core.image.ImageStore;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.testing.FakeHypervisor;
import io.virtseed.core.testing.FakeImageTool;
import io.virtseed.embed.HostUnavailableException;
import io.virtseed.embed.Settings;
import io.virtseed.embed.Virtseeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A session over the fake hypervisor, for the extension's own tests; what it made is kept in
 * static fields because JUnit makes the factory itself. The tests using it run one at a time.
 */
public final class Fakes implements VirtseedFactory {

    static volatile String refusal;
    static volatile FakeHypervisor hypervisor;
    static volatile Path stateDir;
    static volatile Virtseeds session;

    static void reset() {
        refusal = null;
        hypervisor = null;
        stateDir = null;
        session = null;
    }

    @Override
    public Virtseeds open(Settings settings) {
        stateDir = settings.stateDir();
        if (refusal != null) {
            throw new HostUnavailableException(refusal);
        }
        try {
            FakeImageTool.storeImage(settings.stateDir(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FakeHypervisor hv = new FakeHypervisor();
        hypervisor = hv;
        Virtseed v = Virtseed.builder(new InstanceStore(settings.stateDir()),
                new ImageStore(settings.stateDir(), FakeImageTool.runner())).hypervisor(hv).networks(new io.virtseed.core.testing.FakeNetworks())
                .drives((tree, label, format, out) -> Files.writeString(out, label)).build();
        session = new Virtseeds(v, name -> hv.definition(name).map(r -> "<domain><name>" + r.name().value()
                + "</name><uuid>" + r.uuid() + "</uuid></domain>"), () -> { }, () -> { });
        return session;
    }
}
