package io.virtseed.libvirt.connect;

import com.sun.jna.Pointer;
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
        Thread.ofPlatform().daemon().name("virtseed-libvirt-events").start(LibvirtRuntime::runEventLoop);
        started = true;
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
