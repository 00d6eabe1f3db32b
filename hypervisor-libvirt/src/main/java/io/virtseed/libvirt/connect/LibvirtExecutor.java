package io.virtseed.libvirt.connect;

import io.virtseed.core.error.HypervisorException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.libvirt.LibvirtException;

/**
 * Runs every libvirt call on a small pool of platform threads. A JNA call pins a virtual
 * thread's carrier for its whole duration, and libvirt's last error is per OS thread, so a
 * failing call and the read of its error must stay on one platform thread: callers of any kind
 * submit here and wait.
 */
final class LibvirtExecutor implements AutoCloseable {

    /** A unit of work against libvirt; it runs entirely on one pool thread. */
    @FunctionalInterface
    interface Task<T> {
        T run() throws LibvirtException;
    }

    /** A unit of work with no result. */
    @FunctionalInterface
    interface VoidTask {
        void run() throws LibvirtException;
    }

    private final ExecutorService pool;

    LibvirtExecutor(int threads) {
        this.pool = Executors.newFixedThreadPool(threads,
                Thread.ofPlatform().daemon().name("virtseed-libvirt-", 1).factory());
    }

    /**
     * Runs the task and waits for it. libvirt failures become {@link HypervisorException}s
     * prefixed with {@code what}; virtseed exceptions thrown by the task pass through unchanged.
     */
    void run(String what, VoidTask task) {
        call(what, () -> {
            task.run();
            return Boolean.TRUE; // the pool wants a value; nobody reads this one
        });
    }

    <T> T call(String what, Task<T> task) {
        Future<T> future;
        try {
            future = pool.submit(task::run);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new HypervisorException(what + ": the libvirt connection is closed", e);
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            // the native call cannot be interrupted; it finishes on its own and its result is dropped
            Thread.currentThread().interrupt();
            throw new HypervisorException(what + ": interrupted while waiting for libvirt", e);
        } catch (ExecutionException e) {
            throw rethrow(what, e.getCause());
        }
    }

    private static RuntimeException rethrow(String what, Throwable cause) {
        if (cause instanceof LibvirtException le) {
            return LibvirtErrors.map(what, le);
        }
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new HypervisorException(what + ": " + cause, cause);
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
