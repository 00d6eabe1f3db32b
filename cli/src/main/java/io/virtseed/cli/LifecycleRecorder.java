package io.virtseed.cli;

import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.ports.MachineEvent;
import io.virtseed.core.state.EventJournal;
import io.virtseed.core.state.InstanceStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the lifecycle changes libvirt reports for the state folder's guests (a guest that
 * crashed, or shut itself down) in each instance's {@link EventJournal}, for as long as the
 * metadata service runs: the one process that lives as long as the instances do. It connects in
 * the background, so the metadata service never waits for libvirt, and retries while libvirt is
 * unreachable.
 */
final class LifecycleRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LifecycleRecorder.class);
    private static final long RETRY_MILLIS = 5_000;

    private final InstanceStore store;
    private final Supplier<Hypervisor> hypervisor;
    private final Thread connector;
    private volatile AutoCloseable watch;
    private volatile boolean closed;

    LifecycleRecorder(InstanceStore store, Supplier<Hypervisor> hypervisor) {
        this.store = store;
        this.hypervisor = hypervisor;
        this.connector = Thread.ofPlatform().daemon().name("virtseed-lifecycle-recorder").unstarted(this::connect);
    }

    LifecycleRecorder start() {
        connector.start();
        return this;
    }

    private void connect() {
        while (!closed) {
            try {
                watch = hypervisor.get().watch(this::record);
                LOG.info("recording lifecycle events of the guests of {}", store.root());
                return;
            } catch (RuntimeException e) {
                LOG.warn("cannot watch libvirt for lifecycle events (retrying in {} s): {}", RETRY_MILLIS / 1000,
                        e.getMessage());
            }
            try {
                Thread.sleep(RETRY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Into the instance's folder, if the instance still exists: a removed one records nothing. */
    void record(MachineEvent e) {
        Path dir = store.dir(e.name());
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            new EventJournal(dir).append(e);
            LOG.info("instance {}: {}", e.name(), e.text());
        } catch (RuntimeException ex) {
            LOG.warn("cannot record {} of {}: {}", e.text(), e.name(), ex.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        connector.interrupt();
        AutoCloseable w = watch;
        if (w != null) {
            try {
                w.close();
            } catch (Exception e) {
                LOG.debug("closing the lifecycle watch: {}", e.getMessage());
            }
        }
    }
}
