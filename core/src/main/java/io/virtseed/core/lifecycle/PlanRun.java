package io.virtseed.core.lifecycle;

import io.virtseed.core.spec.InstanceSpec;
import io.virtseed.core.value.InstanceName;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code up} for a plan's instances at once, at most {@code parallelism} at a time. Each
 * instance's run holds only its own lock for its steps (the state lock just for allocation and
 * network changes), so the runs overlap where the time goes: libvirt and QEMU starting, qemu-img,
 * writes to disk. One instance's failure rolls back that instance alone; the others' results stand
 * and are returned beside it.
 *
 * <pre>{@code
 * for (PlanRun.Outcome o : new PlanRun(lifecycle, 8).up(plan.instances(), options)) { ... }
 * }</pre>
 */
public final class PlanRun {

    /**
     * How many instances are made at once unless told otherwise: more than the cores, since an
     * instance's {@code up} mostly waits (on libvirt, QEMU, qemu-img, fsync) rather than computes.
     */
    public static final int DEFAULT_PARALLELISM = 8;

    /** How one instance's {@code up} ended. */
    public sealed interface Outcome {
        InstanceName name();

        /** It was made, converged, or (dry run) examined. */
        record Done(Lifecycle.UpResult result) implements Outcome {
            @Override
            public InstanceName name() {
                return result.name();
            }
        }

        /** Its {@code up} failed with {@code error}; what it had made was rolled back. */
        record Failed(InstanceName name, RuntimeException error) implements Outcome {
        }
    }

    private final Lifecycle lifecycle;
    private final int parallelism;

    public PlanRun(Lifecycle lifecycle, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
        }
        this.lifecycle = lifecycle;
        this.parallelism = parallelism;
    }

    /** Each instance's outcome, in the order of {@code specs}, once all have ended. */
    public List<Outcome> up(List<InstanceSpec> specs, Convergence.UpOptions options) {
        int threads = Math.min(parallelism, specs.size());
        if (threads <= 1) {
            // one at a time on this thread: a single instance's up runs exactly as it always did
            return specs.stream().map(s -> one(s, options)).toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads,
                Thread.ofPlatform().name("virtseed-up-", 1).factory());
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            specs.forEach(s -> futures.add(pool.submit(() -> one(s, options))));
            List<Outcome> out = new ArrayList<>();
            Error error = null;
            for (Future<Outcome> f : futures) {
                try {
                    out.add(await(f, pool));
                } catch (Error e) {
                    // the others go on to their end (rolled back or made) before it is thrown
                    if (error == null) {
                        error = e;
                    } else {
                        error.addSuppressed(e);
                    }
                }
            }
            if (error != null) {
                throw error;
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    private Outcome one(InstanceSpec spec, Convergence.UpOptions options) {
        try {
            return new Outcome.Done(lifecycle.up(spec, options));
        } catch (RuntimeException e) {
            return new Outcome.Failed(spec.name(), e);
        }
    }

    /**
     * The instance's outcome. Interrupted while waiting, this interrupts every run (each rolls
     * itself back, as a single interrupted {@code up} does) and waits for them to end before
     * passing the interrupt on, so nothing keeps changing the host after this returns.
     */
    private static Outcome await(Future<Outcome> f, ExecutorService pool) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            pool.shutdownNow();
            boolean ended = false;
            while (!ended) {
                try {
                    ended = pool.awaitTermination(1, TimeUnit.MINUTES);
                } catch (InterruptedException again) {
                    // keep waiting: the runs are rolling back what they made
                }
            }
            Thread.currentThread().interrupt();
            throw new io.virtseed.core.error.ProvisionException("up", "interrupted; each instance not yet made was"
                    + " rolled back", e);
        } catch (ExecutionException e) {
            // one() turns every RuntimeException into an outcome: what is left here is an Error
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
