package io.virtseed.samples.embed;

import com.google.inject.Guice;
import io.virtseed.core.RunningInstance;
import io.virtseed.core.Virtseed;
import io.virtseed.embed.Settings;
import io.virtseed.embed.VirtseedModule;
import io.virtseed.embed.Virtseeds;
import java.nio.file.Path;
import java.time.Duration;

/**
 * virtseed as a library: boots the instance of a spec file, waits for cloud-init, prints its
 * addresses and removes it again (only if it created it: an instance that already existed is left).
 *
 * <pre>
 * java -cp ... io.virtseed.samples.embed.EmbedSample SPEC.yaml [STATE_DIR]
 * </pre>
 */
public final class EmbedSample {

    private EmbedSample() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: EmbedSample SPEC.yaml [STATE_DIR]");
            System.exit(2);
        }
        Settings settings = Settings.defaults();
        if (args.length == 2) {
            settings = settings.withStateDir(Path.of(args[1]));
        }
        try (Virtseeds virtseeds = Virtseeds.open(settings); RunningInstance vm = virtseeds.up(Path.of(args[0]))) {
            System.out.println(vm.name() + (vm.owned() ? " created" : " already there, left as it is"));
            System.out.println("ready: " + vm.waitReady(Duration.ofMinutes(10)));
            for (RunningInstance.Address a : vm.addresses()) {
                System.out.println(a.network() + " " + a.mac().value() + " " + a.ipv4().map(Object::toString).orElse("-")
                        + " " + a.ipv6().map(Object::toString).orElse("-"));
            }
        }
    }

    /** The same library from a Guice injector: one {@link Virtseed} per injector. */
    static Virtseed fromGuice(Settings settings) {
        return Guice.createInjector(new VirtseedModule(settings)).getInstance(Virtseed.class);
    }
}
