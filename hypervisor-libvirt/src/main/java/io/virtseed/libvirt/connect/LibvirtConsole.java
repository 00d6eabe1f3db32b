package io.virtseed.libvirt.connect;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import io.virtseed.core.error.HypervisorException;
import io.virtseed.core.ports.GuestConsole;

/**
 * A guest's serial console over a blocking libvirt stream. One thread may read while another
 * writes; {@link #close()} aborts the stream, which ends a blocked read, and the native stream is
 * freed only once no call is inside it any more.
 */
final class LibvirtConsole implements GuestConsole {

    private final DomainNatives natives;
    private final Pointer stream;
    private final String name;
    private boolean closed; // guarded by this
    private boolean freed; // guarded by this
    private int inside; // calls in native code; guarded by this

    LibvirtConsole(DomainNatives natives, Pointer stream, String name) {
        this.natives = natives;
        this.stream = stream;
        this.name = name;
    }

    @Override
    public int read(byte[] buffer) {
        if (!enter()) {
            return -1;
        }
        try {
            int n = natives.virStreamRecv(stream, buffer, new NativeLong(buffer.length));
            // 0: the guest stopped or the daemon closed it; -1: aborted, or taken by a forcing client
            return n > 0 ? n : -1;
        } finally {
            leave();
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        if (!enter()) {
            throw new HypervisorException("the console of " + name + " is closed");
        }
        try {
            byte[] chunk = offset == 0 && length == bytes.length ? bytes : java.util.Arrays.copyOfRange(bytes, offset,
                    offset + length);
            int done = 0;
            while (done < chunk.length) {
                byte[] rest = done == 0 ? chunk : java.util.Arrays.copyOfRange(chunk, done, chunk.length);
                int n = natives.virStreamSend(stream, rest, new NativeLong(rest.length));
                if (n < 0) {
                    throw new HypervisorException("the console of " + name + " was closed by libvirt"
                            + " (the guest stopped, or another client took it over)");
                }
                done += n;
            }
        } finally {
            leave();
        }
    }

    @Override
    public void close() {
        boolean abort;
        synchronized (this) {
            abort = !closed;
            closed = true;
        }
        if (abort) {
            natives.virStreamAbort(stream); // wakes a read blocked in another thread
        }
        synchronized (this) {
            freeIfIdle();
        }
    }

    private synchronized boolean enter() {
        if (closed) {
            return false;
        }
        inside++;
        return true;
    }

    private synchronized void leave() {
        inside--;
        freeIfIdle();
    }

    private void freeIfIdle() {
        if (closed && inside == 0 && !freed) {
            freed = true;
            natives.virStreamFree(stream);
        }
    }
}
