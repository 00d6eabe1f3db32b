package io.virtseed.core;

import io.virtseed.core.lifecycle.InstanceView;
import io.virtseed.core.value.InstanceName;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A handle on an instance made by {@link Virtseed#launch}; {@link #close()} removes it, once.
 *
 * <pre>{@code
 * try (RunningInstance vm = virtseed.launch(spec)) { vm.waitReady(Duration.ofMinutes(5)); }
 * }</pre>
 */
public final class RunningInstance implements AutoCloseable {

    private final Virtseed virtseed;
    private final InstanceName name;
    private final AtomicBoolean closed = new AtomicBoolean();

    RunningInstance(Virtseed virtseed, InstanceName name) {
        this.virtseed = virtseed;
        this.name = name;
    }

    public InstanceName name() {
        return name;
    }

    public String waitReady(Duration timeout) {
        return virtseed.waitReady(name, timeout);
    }

    public InstanceView view() {
        return virtseed.show(name);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            virtseed.down(name);
        }
    }
}
