package io.virtseed.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Provides;
import io.virtseed.configdrive.ConfigDrives;
import io.virtseed.core.Virtseed;
import io.virtseed.core.exec.CommandRunner;
import io.virtseed.core.exec.ProcessCommandRunner;
import io.virtseed.core.image.ImageStore;
import io.virtseed.core.ports.ConfigDriveWriter;
import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.ports.NetworkProvisioner;
import io.virtseed.network.linux.LinuxNetworkProvisioner;
import io.virtseed.core.provision.Provisioner;
import io.virtseed.core.ssh.Ed25519KeyPair;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.libvirt.connect.HostKvm;
import io.virtseed.libvirt.connect.LibvirtHypervisor;
import io.virtseed.libvirt.daemon.DaemonPaths;
import io.virtseed.libvirt.daemon.LibvirtDaemon;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The object graph of one CLI run. Each part is made when first asked for, and the hypervisor
 * connection on the port's first call, so {@code drive build}, {@code --help} and an {@code ls}
 * of no instance never touch libvirt. Guice serves {@link #get(Class)}; its injector too is made
 * only when a command asks it for something.
 */
public final class Wiring implements AutoCloseable {

    /** What the global options decide. */
    public record Settings(Path stateDir, String connectUri, boolean quiet) {
    }

    /** Creates the wiring on first use, once per process. */
    static final class Lazy {
        private Wiring wiring;

        synchronized Wiring get(Settings settings) {
            if (wiring == null) {
                wiring = new Wiring(settings, System.err);
            }
            return wiring;
        }
    }

    /** Set once {@link #preloadInBackground} started its thread. */
    private static final AtomicBoolean PRELOADING = new AtomicBoolean();

    private final Settings settings;
    private final PrintStream status;
    private Injector injector;
    private InstanceStore store;
    private CommandRunner runner;
    private ImageStore images;
    private ConfigDriveWriter drives;
    private NetworkProvisioner networks;
    private NetworkProvisioner linuxNetworks;
    private Virtseed virtseed;
    /**
     * Guards {@link #hypervisor} and {@link #closed}, apart from the other parts: a connection made
     * on another thread ({@link #connectInBackground}) must not hold up the command's thread, which
     * meanwhile builds the rest of the graph. Taken after this object's own lock, never before it.
     */
    private final Object connecting = new Object();
    private LibvirtHypervisor hypervisor;
    private boolean closed;
    private volatile Provisioner.Listener stepObserver = Provisioner.Listener.NONE;
    private volatile boolean labelSteps;

    public Wiring(Settings settings, PrintStream status) {
        this.settings = settings;
        this.status = status;
    }

    /** Logs what happens ({@code -v}: debug) or only warnings. */
    static void logLevel(boolean verbose) {
        // SLF4J bound on this thread first: a logger made on another thread while SLF4J starts up
        // here would be left a stand-in
        LoggerFactory.getILoggerFactory();
        CliLogging.threshold(verbose ? Level.DEBUG : Level.WARN);
    }

    public Settings settings() {
        return settings;
    }

    /** Made on first use: {@code ls} and {@code show} go through {@link #virtseed()} and need no injector. */
    public synchronized <T> T get(Class<T> type) {
        if (injector == null) {
            injector = Guice.createInjector(new CoreModule());
        }
        return injector.getInstance(type);
    }

    /**
     * The library's face, composed by hand rather than by the injector: Guice's start-up (its
     * classes, Guava's, the reflection on every binding) is most of a short command's run. The
     * injector hands out this same instance and the same store.
     */
    public synchronized Virtseed virtseed() {
        if (virtseed == null) {
            Provisioner.Listener status = new Provisioner.Listener() {
                @Override
                public void stepStarted(String step) {
                    say("  - " + step);
                }

                @Override
                public Provisioner.Listener forInstance(io.virtseed.core.value.InstanceName instance) {
                    return labelSteps ? step -> say("  - " + instance + ": " + step) : this;
                }
            };
            Provisioner.Listener listener = status.and(new Provisioner.Listener() {
                @Override
                public void stepStarted(String name) {
                    stepObserver.stepStarted(name);
                }

                @Override
                public void stepFinished(String name) {
                    stepObserver.stepFinished(name);
                }

                @Override
                public Provisioner.Listener forInstance(io.virtseed.core.value.InstanceName instance) {
                    return stepObserver.forInstance(instance);
                }
            });
            virtseed = Virtseed.builder(store(), images()).hypervisor(hypervisorPort()).drives(drives())
                    .networks(networks()).metadata(new MetadataDaemonLauncher(this)).listener(listener).build();
        }
        return virtseed;
    }

    /** From now on an instance's step lines name it: instances are being made at once. */
    void labelSteps() {
        this.labelSteps = true;
    }

    /** Also tells {@code observer} of every provisioning step from now on (a command's phase timings). */
    void observeSteps(Provisioner.Listener observer) {
        this.stepObserver = observer;
    }

    synchronized InstanceStore store() {
        if (store == null) {
            store = new InstanceStore(settings.stateDir());
        }
        return store;
    }

    synchronized CommandRunner runner() {
        if (runner == null) {
            runner = new ProcessCommandRunner();
        }
        return runner;
    }

    synchronized ImageStore images() {
        if (images == null) {
            images = new ImageStore(settings.stateDir(), runner());
        }
        return images;
    }

    synchronized ConfigDriveWriter drives() {
        if (drives == null) {
            drives = new ConfigDrives();
        }
        return drives;
    }

    /** A port too, made on its first call: the Linux provisioner reads the host when it is made. */
    synchronized NetworkProvisioner networks() {
        if (networks == null) {
            networks = LazyPorts.networks(this::linuxNetworks);
        }
        return networks;
    }

    private synchronized NetworkProvisioner linuxNetworks() {
        if (linuxNetworks == null) {
            linuxNetworks = new LinuxNetworkProvisioner(runner());
        }
        return linuxNetworks;
    }

    /** The hypervisor port; it connects on its first call. */
    Hypervisor hypervisorPort() {
        return LazyPorts.hypervisor(this::hypervisor, () -> HostKvm.ruledOut(settings.connectUri()));
    }

    /**
     * Has libvirt's library loaded and bound on a thread of its own (see
     * {@link LibvirtHypervisor#preloadBindings}), without connecting or starting a daemon, so a
     * command may start it before it knows whether its input is sound: {@code up} reads its spec
     * meanwhile. Only for the libvirt adapter's URIs; the connection itself comes later. Once per
     * process, and only once {@link #logLevel} set the logging up: a thread that makes a logger
     * while SLF4J starts up on another gets a stand-in, and that other thread's cast then fails.
     */
    static void preloadInBackground() {
        if (PRELOADING.getAndSet(true)) {
            return;
        }
        // the JDK's key making (its providers, the curve's arithmetic) on a thread of its own: after
        // the bindings, it was still cold when the step "make ssh key" came (50 to 60 ms, against
        // some 10 now; the guest then starts 15 ms sooner)
        Thread.ofPlatform().daemon().name("virtseed-key-warmup").start(Ed25519KeyPair::warmUp);
        Thread.ofPlatform().daemon().name("virtseed-libvirt-load").start(() -> {
            NativeSearchPath.presetForLibvirt(); // or JNA runs ldconfig to learn the library folders
            LibvirtHypervisor.preloadBindings();
        });
    }

    /**
     * Starts connecting to libvirt on a thread of its own, for a command that will need the
     * connection after work of its own (loading JNA and libvirt's library and connecting take some
     * 50 ms). The first call through the port waits for it; should it fail, that call connects
     * again and reports why. {@link #close} waits for it too, so no thread is left inside libvirt.
     * With {@code askKvm}, that thread then asks whether the host offers KVM
     * ({@link LibvirtHypervisor#askKvmAhead}), for an {@code up} that will ask after its first lookup.
     */
    void connectInBackground(boolean askKvm) {
        Thread.ofPlatform().daemon().name("virtseed-connect").start(() -> {
            try {
                CommandRunner r = runner(); // first: this object's lock is never taken inside connecting's
                LibvirtHypervisor h;
                synchronized (connecting) {
                    if (closed) { // a command that failed at once closed the wiring first
                        return;
                    }
                    h = hypervisor(r);
                }
                if (askKvm) {
                    h.askKvmAhead(); // outside the lock: the command's own calls go on meanwhile; close waits for it
                }
            } catch (RuntimeException | LinkageError e) {
                // the command's own first call says what is wrong
            }
        });
    }

    /** Prints a status line unless {@code -q}. */
    public void say(String line) {
        if (!settings.quiet()) {
            status.println(line);
        }
    }

    Hypervisor hypervisor() {
        return hypervisor(runner());
    }

    /** Connects on the first call; {@code runner} starts libvirtd where it does not answer. */
    private LibvirtHypervisor hypervisor(CommandRunner runner) {
        synchronized (connecting) {
            if (hypervisor == null) {
                if (settings.connectUri().startsWith("qemu:///system")) {
                    new LibvirtDaemon(DaemonPaths.host(), runner).ensureRunning().ifPresent(this::say);
                }
                NativeSearchPath.presetForLibvirt();
                hypervisor = new LibvirtHypervisor(settings.connectUri(), settings.stateDir());
            }
            return hypervisor;
        }
    }

    /**
     * The libvirt adapter itself, connected on this call (libvirtd started first for
     * {@code qemu:///system}): for what only it offers, such as a guest's domain XML.
     */
    public LibvirtHypervisor libvirt() {
        return hypervisor(runner());
    }

    @Override
    public void close() {
        synchronized (connecting) {
            closed = true;
            if (hypervisor != null) {
                hypervisor.close();
                hypervisor = null;
            }
        }
    }

    /** Hands out the components above, so the injector and {@link #virtseed()} share each one. */
    private final class CoreModule extends AbstractModule {
        @Provides
        CommandRunner commandRunner() {
            return runner();
        }

        @Provides
        ConfigDriveWriter configDriveWriter() {
            return drives();
        }

        @Provides
        InstanceStore instanceStore() {
            return store();
        }

        @Provides
        ImageStore imageStore() {
            return images();
        }

        @Provides
        NetworkProvisioner networkProvisioner() {
            return networks();
        }

        @Provides
        Hypervisor hypervisorPort() {
            return Wiring.this.hypervisorPort();
        }

        @Provides
        Virtseed virtseed() {
            return Wiring.this.virtseed();
        }
    }
}
