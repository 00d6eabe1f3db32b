package io.virtseed.network.netns;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.virtseed.core.error.ProvisionException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * Runs a piece of code inside a named network namespace ({@code /var/run/netns/NAME}, what
 * {@code ip netns add} makes). A fresh platform thread enters the namespace with {@code setns(2)},
 * runs the code, returns to the namespace it came from and ends, so no other thread ever runs in
 * the foreign namespace. Sockets made by the code belong to the namespace for their whole life,
 * wherever they are used later.
 *
 * <pre>{@code
 * ServerSocketChannel ch = NetNamespaces.call("vs-1a2b3c", () -> ServerSocketChannel.open());
 * }</pre>
 */
public final class NetNamespaces {

    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private NetNamespaces() {
    }

    /** The part of libc we need. */
    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int open(String path, int flags);

        int close(int fd);

        int setns(int fd, int nstype);
    }

    /** Calls {@code task} inside the namespace and returns what it returns; its exception is rethrown. */
    public static <T> T call(String namespace, Callable<T> task) throws Exception {
        if (!NAME.matcher(namespace).matches()) {
            throw new IllegalArgumentException("not a network namespace name: " + namespace);
        }
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("netns-" + namespace).unstarted(() -> {
            try {
                result.set(inside(namespace, task));
            } catch (Exception e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    private static <T> T inside(String namespace, Callable<T> task) throws Exception {
        LibC libc = LibC.INSTANCE;
        int home = libc.open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
        if (home < 0) {
            throw new ProvisionException("enter network namespace", "cannot open this thread's network namespace (errno " + Native.getLastError()
                    + ")", null);
        }
        try {
            int target = libc.open("/var/run/netns/" + namespace, O_RDONLY | O_CLOEXEC);
            if (target < 0) {
                throw new ProvisionException("enter network namespace", "network namespace " + namespace + " does not exist (errno "
                        + Native.getLastError() + ")", null);
            }
            try {
                if (libc.setns(target, CLONE_NEWNET) != 0) {
                    throw new ProvisionException("enter network namespace", "cannot enter network namespace " + namespace + " (errno "
                            + Native.getLastError() + ")", null);
                }
            } finally {
                libc.close(target);
            }
            try {
                return task.call();
            } finally {
                if (libc.setns(home, CLONE_NEWNET) != 0) {
                    // the thread ends right after this, so nothing else runs in the foreign namespace
                    throw new IllegalStateException("cannot return to the original network namespace (errno "
                            + Native.getLastError() + ")");
                }
            }
        } finally {
            libc.close(home);
        }
    }
}
