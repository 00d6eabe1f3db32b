package io.virtseed.embed;

import io.virtseed.cli.Wiring;
import io.virtseed.core.RunningInstance;
import io.virtseed.core.Virtseed;
import io.virtseed.core.error.SpecException;
import io.virtseed.core.spec.InstanceSpec;
import io.virtseed.core.spec.Plan;
import io.virtseed.core.spec.SpecLoader;
import io.virtseed.core.value.InstanceName;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * virtseed for a program that embeds it without Guice: the library composed with the real
 * adapters (libvirt, the config drive writer, Linux networking), as the CLI composes them.
 * Nothing connects until the first call that needs libvirt. Close it when done: that closes the
 * libvirt connection, it removes no instance (each {@link RunningInstance} removes its own).
 *
 * <pre>{@code
 * try (Virtseeds vs = Virtseeds.open(Settings.defaults());
 *         RunningInstance vm = vs.up(Path.of("hello.yaml"))) {
 *     vm.waitReady(Duration.ofMinutes(5));
 * }
 * }</pre>
 */
public final class Virtseeds implements AutoCloseable {

    private final Virtseed virtseed;
    private final Function<InstanceName, Optional<String>> domainXml;
    private final Runnable probe;
    private final AutoCloseable resources;

    /**
     * A session over a {@link Virtseed} composed elsewhere (other adapters, or fakes in a test).
     *
     * @param domainXml the guest's domain XML where the hypervisor can tell it
     * @param probe     throws when the hypervisor cannot be reached
     * @param resources closed by {@link #close()}
     */
    public Virtseeds(Virtseed virtseed, Function<InstanceName, Optional<String>> domainXml, Runnable probe,
            AutoCloseable resources) {
        this.virtseed = Objects.requireNonNull(virtseed, "virtseed");
        this.domainXml = Objects.requireNonNull(domainXml, "domainXml");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.resources = Objects.requireNonNull(resources, "resources");
    }

    /** The real adapters for these settings, composed as the CLI does; quiet (no step lines printed). */
    public static Virtseeds open(Settings settings) {
        return open(new Wiring(new Wiring.Settings(settings.stateDir(), settings.connectUri(), true),
                new PrintStream(OutputStream.nullOutputStream())));
    }

    static Virtseeds open(Wiring wiring) {
        String uri = wiring.settings().connectUri();
        return new Virtseeds(wiring.virtseed(), name -> wiring.libvirt().domainXml(name), () -> {
            if (uri.startsWith(Settings.DEFAULT_CONNECT) && !root()) {
                throw new HostUnavailableException("not root: " + uri + " and the host networking virtseed sets up"
                        + " need root; run as root, or connect to test:///default");
            }
            wiring.libvirt().owned();
        }, wiring);
    }

    private static boolean root() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return false; // not Linux: virtseed's guests cannot run here either
        }
    }

    /** The library itself: every lifecycle operation, networks, images. */
    public Virtseed virtseed() {
        return virtseed;
    }

    /**
     * Creates the instance, or converges the one that exists; the handle removes it on close only
     * when this call created it.
     */
    public RunningInstance up(InstanceSpec spec) {
        return virtseed.launch(spec);
    }

    /** As {@link #up(InstanceSpec)}, for a spec file of one instance. */
    public RunningInstance up(Path specFile) {
        return up(load(specFile));
    }

    /**
     * Reads a spec file of exactly one instance (a plan of several is refused: name the one you want
     * with {@link SpecLoader}).
     */
    public static InstanceSpec load(Path specFile) {
        if (!Files.isRegularFile(specFile)) {
            throw new SpecException("spec file " + specFile + " does not exist");
        }
        return single(new SpecLoader().load(specFile), specFile.toString());
    }

    /** The one instance of a spec read from {@code where}; refused when it holds none or several. */
    public static InstanceSpec single(Plan plan, String where) {
        if (plan.instances().size() != 1 || !plan.networks().isEmpty()) {
            throw new SpecException(where + ": holds " + plan.instances().size() + " instance(s) and "
                    + plan.networks().size() + " network(s); one instance, no networks, is expected here");
        }
        return plan.instances().get(0);
    }

    /** The guest's domain XML as the hypervisor holds it ({@code virsh dumpxml}); empty when it has none. */
    public Optional<String> domainXml(InstanceName name) {
        return domainXml.apply(name);
    }

    /**
     * Checks that this host can run guests as configured: root where the connection needs it, and
     * libvirt reachable (its daemon started when it is not running).
     *
     * @throws HostUnavailableException saying what is missing
     */
    public void requireUsableHost() {
        try {
            probe.run();
        } catch (HostUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new HostUnavailableException("libvirt is not reachable: " + e.getMessage(), e);
        }
    }

    /** Closes the hypervisor connection; instances stay as they are. */
    @Override
    public void close() {
        try {
            resources.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot close: " + e.getMessage(), e);
        }
    }
}
