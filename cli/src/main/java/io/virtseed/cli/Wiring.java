package io.virtseed.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Provides;
import com.google.inject.Singleton;
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
import io.virtseed.core.state.InstanceStore;
import io.virtseed.libvirt.connect.LibvirtHypervisor;
import io.virtseed.libvirt.daemon.DaemonPaths;
import io.virtseed.libvirt.daemon.LibvirtDaemon;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Builds the object graph for one CLI run with Guice. The hypervisor connection is made only
 * when a command asks for it, so {@code drive build} and {@code --help} never touch libvirt.
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

    private final Settings settings;
    private final PrintStream status;
    private final Injector injector;
    private LibvirtHypervisor hypervisor;

    public Wiring(Settings settings, PrintStream status) {
        this.settings = settings;
        this.status = status;
        this.injector = Guice.createInjector(new CoreModule());
    }

    public Settings settings() {
        return settings;
    }

    public <T> T get(Class<T> type) {
        return injector.getInstance(type);
    }

    public Virtseed virtseed() {
        return get(Virtseed.class);
    }

    /** Prints a status line unless {@code -q}. */
    public void say(String line) {
        if (!settings.quiet()) {
            status.println(line);
        }
    }

    synchronized Hypervisor hypervisor() {
        if (hypervisor == null) {
            if (settings.connectUri().startsWith("qemu:///system")) {
                new LibvirtDaemon(DaemonPaths.host(), get(CommandRunner.class)).ensureRunning().ifPresent(this::say);
            }
            hypervisor = new LibvirtHypervisor(settings.connectUri(), settings.stateDir());
        }
        return hypervisor;
    }

    @Override
    public synchronized void close() {
        if (hypervisor != null) {
            hypervisor.close();
            hypervisor = null;
        }
    }

    private final class CoreModule extends AbstractModule {
        @Override
        protected void configure() {
            bind(CommandRunner.class).to(ProcessCommandRunner.class).in(Singleton.class);
            bind(ConfigDriveWriter.class).to(ConfigDrives.class).in(Singleton.class);
        }

        @Provides
        @Singleton
        InstanceStore instanceStore() {
            return new InstanceStore(settings.stateDir());
        }

        @Provides
        @Singleton
        ImageStore imageStore(CommandRunner runner) {
            return new ImageStore(settings.stateDir(), runner);
        }

        @Provides
        @Singleton
        NetworkProvisioner networkProvisioner(CommandRunner runner) {
            return new LinuxNetworkProvisioner(runner);
        }

        @Provides
        Hypervisor hypervisorPort() {
            return LazyPort.of(Hypervisor.class, Wiring.this::hypervisor);
        }

        @Provides
        @Singleton
        Virtseed virtseed(InstanceStore store, ImageStore images, Hypervisor hv, ConfigDriveWriter drives,
                NetworkProvisioner networks) {
            Provisioner.Listener listener = step -> say("  - " + step);
            return Virtseed.builder(store, images).hypervisor(hv).drives(drives).networks(networks)
                    .metadata(new MetadataDaemonLauncher(Wiring.this)).listener(listener).build();
        }
    }
}
