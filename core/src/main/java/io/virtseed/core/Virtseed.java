package io.virtseed.core;

import io.virtseed.core.error.NotFoundException;
import io.virtseed.core.error.ProvisionException;
import io.virtseed.core.error.SpecException;
import io.virtseed.core.image.BaseImage;
import io.virtseed.core.image.ImageStore;
import io.virtseed.core.lifecycle.ConsoleWatcher;
import io.virtseed.core.lifecycle.InstanceView;
import io.virtseed.core.lifecycle.Lifecycle;
import io.virtseed.core.ports.ConfigDriveWriter;
import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.provision.Provisioner;
import io.virtseed.core.spec.InstanceSpec;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.value.InstanceName;
import java.time.Duration;
import java.util.List;

/**
 * The public face of virtseed for embedding: create, inspect, wait for and remove instances.
 *
 * <pre>{@code
 * try (RunningInstance vm = virtseed.launch(spec)) {
 *     vm.waitReady(Duration.ofMinutes(5));
 * }
 * }</pre>
 */
public final class Virtseed {

    private final Lifecycle lifecycle;
    private final InstanceStore store;
    private final ImageStore images;

    public Virtseed(InstanceStore store, ImageStore images, Hypervisor hypervisor, ConfigDriveWriter drives,
            Provisioner.Listener listener) {
        this.store = store;
        this.images = images;
        this.lifecycle = new Lifecycle(store, images, hypervisor, drives, listener);
    }

    /** Creates the instance, or converges an existing one (starts it when stopped). */
    public InstanceRecord up(InstanceSpec spec) {
        return lifecycle.up(spec);
    }

    /** Checks a spec without making anything: unsupported features, the image. */
    public void preflight(InstanceSpec spec) {
        lifecycle.preflight(spec);
    }

    /** Creates the instance and returns a handle whose {@code close()} removes it. */
    public RunningInstance launch(InstanceSpec spec) {
        InstanceRecord record = up(spec);
        return new RunningInstance(this, InstanceName.of(record.name()));
    }

    /** Removes the instance: domain, disks, drive and folder. */
    public void down(InstanceName name) {
        lifecycle.down(name);
    }

    public List<InstanceView> list() {
        return lifecycle.list();
    }

    public InstanceView show(InstanceName name) {
        return lifecycle.show(name);
    }

    public void start(InstanceName name) {
        lifecycle.start(name);
    }

    public void stop(InstanceName name, boolean force) {
        lifecycle.stop(name, force);
    }

    /**
     * Waits until the guest's console shows cloud-init's final message and returns that line.
     *
     * @throws ProvisionException on timeout or when the guest stops first; the message holds the console tail
     */
    public String waitReady(InstanceName name, Duration timeout) {
        return lifecycle.waitReady(name, timeout, ConsoleWatcher.CLOUD_INIT_FINISHED);
    }

    public BaseImage resolveImage(String image) {
        try {
            return images.resolve(image);
        } catch (NotFoundException e) {
            throw new SpecException(e.getMessage(), e);
        }
    }

    public ImageStore images() {
        return images;
    }

    public InstanceStore store() {
        return store;
    }
}
