package io.virtseed.libvirt.daemon;

import io.virtseed.core.error.CommandException;
import io.virtseed.core.error.HypervisorException;
import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.CommandRunner;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes sure libvirtd answers on its socket, for {@code qemu:///system} on hosts without
 * systemd (containers, minimal CI machines) where nothing starts it. It starts {@code virtlogd}
 * first when that is not running, since libvirtd hands QEMU's logs to it.
 *
 * <pre>{@code new LibvirtDaemon(DaemonPaths.host(), new ProcessCommandRunner()).ensureRunning().ifPresent(System.out::println);}</pre>
 */
public final class LibvirtDaemon {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 100;
    /** The QEMU driver's own socket where libvirt runs as modular daemons (Debian 13, Ubuntu 24.04). */
    private static final String MODULAR_QEMU_SOCKET = "virtqemud-sock";

    private final DaemonPaths paths;
    private final CommandRunner runner;

    public LibvirtDaemon(DaemonPaths paths, CommandRunner runner) {
        this.paths = paths;
        this.runner = runner;
    }

    /**
     * Starts what is missing and waits for libvirtd's socket.
     *
     * @return what was started, for the caller to tell the user; empty when libvirtd already answered
     * @throws HypervisorException when systemd manages the host, or the socket never answers
     * @throws CommandException    when a daemon cannot be started
     */
    public Optional<String> ensureRunning() {
        if (accepts(paths.libvirtSocket()) || accepts(paths.libvirtSocket().resolveSibling(MODULAR_QEMU_SOCKET))) {
            return Optional.empty();
        }
        if (paths.systemdMarker().toFile().exists()) {
            throw new HypervisorException("libvirt does not answer on " + paths.libvirtSocket()
                    + " and systemd manages this host: start it with 'systemctl start libvirtd'"
                    + " (or 'systemctl start virtqemud.socket' where libvirt runs as modular daemons)");
        }
        List<String> started = new ArrayList<>();
        if (!accepts(paths.virtlogdSocket())) {
            daemonize(paths.virtlogd());
            started.add("virtlogd");
        }
        daemonize(paths.libvirtd());
        started.add("libvirtd");
        waitForSocket();
        return Optional.of("started " + String.join(" and ", started)
                + " (no systemd here); it answers on " + paths.libvirtSocket());
    }

    private void daemonize(Path binary) {
        try {
            runner.run(Command.of(binary.toString(), "-d").withTimeout(COMMAND_TIMEOUT));
        } catch (CommandException e) {
            throw new CommandException(e.argv(), e.exitCode(), e.stderrTail(), "cannot start " + binary.getFileName());
        }
    }

    private void waitForSocket() {
        long deadline = System.nanoTime() + paths.socketWait().toNanos();
        while (!accepts(paths.libvirtSocket())) {
            if (System.nanoTime() > deadline) {
                throw new HypervisorException("libvirtd was started but does not answer on " + paths.libvirtSocket()
                        + " after " + paths.socketWait().toSeconds() + " s; see /var/log/libvirt/libvirtd.log");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HypervisorException("interrupted while waiting for libvirtd", e);
            }
        }
    }

    /** True when something accepts connections on the UNIX socket; a stale socket file alone is not enough. */
    static boolean accepts(Path socket) {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return ch.isConnected();
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
