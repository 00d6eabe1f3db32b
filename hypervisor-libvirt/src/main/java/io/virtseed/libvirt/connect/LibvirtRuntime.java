package io.virtseed.libvirt.connect;

import com.sun.jna.Pointer;
import java.time.Duration;
import org.libvirt.Connect;
import org.libvirt.Library;
import org.libvirt.LibvirtException;
import org.libvirt.jna.Libvirt;
import org.libvirt.jna.virError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process-wide libvirt setup, done once per JVM before the first connection: the error
 * callback and the default event loop on its own daemon platform thread. Both are global in
 * libvirt itself, which is why this one class keeps static state.
 */
final class LibvirtRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(LibvirtRuntime.class);

    /**
     * Held for the life of the JVM: libvirt-java keeps no reference to the callback it hands to
     * native code, and once collected it silently stops being called. Without a callback libvirt
     * prints every error to stderr, on top of the exception we get anyway.
     */
    private static final Libvirt.VirErrorCallback ERROR_LOG = LibvirtRuntime::logError;

    private static boolean started; // guarded by LibvirtRuntime.class

    private LibvirtRuntime() {
    }

    /** Installs the error callback and starts the event loop, once; later calls return at once. */
    static synchronized void ensureStarted() throws LibvirtException {
        if (started) {
            return;
        }
        Connect.setErrorCallback(ERROR_LOG);
        // must come before any connection is opened, or keepalive cannot work on it
        Library.initEventLoop();
        Thread loop = Thread.ofPlatform().daemon().name("virtseed-libvirt-events").start(LibvirtRuntime::runEventLoop);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopEventLoop(loop), "virtseed-libvirt-events-stop"));
        started = true;
    }

    /**
     * Lets the event loop return before the JVM exits. A thread still inside libvirt's poll when
     * the JVM halts makes it wait 300 ms for that thread, longer than a whole {@code ls} takes.
     * Asked again until the thread ends, since a stop that comes before the loop has started is
     * lost; given up after a short while, as an exit must not hang on it.
     */
    private static void stopEventLoop(Thread loop) {
        try {
            for (int attempt = 0; attempt < 10 && loop.isAlive(); attempt++) {
                Library.stopEventLoop();
                loop.join(Duration.ofMillis(10));
            }
        } catch (LibvirtException e) {
            LOG.debug("libvirt event loop not stopped: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void runEventLoop() {
        try {
            // native code blocks in here for the life of the process: a platform thread, never a virtual one
            Library.runEventLoop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (LibvirtException e) {
            LOG.warn("libvirt event loop stopped: {}", e.getMessage());
        }
    }

    private static void logError(Pointer userData, virError error) {
        // the exception raised on the calling thread carries the same error; this only keeps stderr clean
        LOG.debug("libvirt error {}: {}", error.code, error.message);
    }
}
