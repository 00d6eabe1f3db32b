package io.virtseed.core.ports;

/**
 * An open connection to a running guest's serial console: what the guest writes is read here,
 * what is written here reaches the guest as typed. The hypervisor keeps logging the console to
 * the instance's file meanwhile. Reading blocks until the guest writes or the console closes;
 * {@link #close()} may come from another thread and ends a blocked read.
 */
public interface GuestConsole extends AutoCloseable {

    /**
     * Reads what the guest wrote into {@code buffer}.
     *
     * @return the number of bytes read, at least 1; -1 once the console is closed (the guest
     *         stopped, another client took it, or {@link #close()} was called)
     */
    int read(byte[] buffer);

    /** Sends bytes to the guest, all of them. */
    void write(byte[] bytes, int offset, int length);

    /** Closes the console; closing it again does nothing. */
    @Override
    void close();
}
