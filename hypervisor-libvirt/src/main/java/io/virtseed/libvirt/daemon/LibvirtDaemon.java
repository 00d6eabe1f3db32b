package io.virtseed.libvirt.daemon;

import io.virtseed.core.error.CommandException;
import io.virtseed.core.error.HypervisorException;
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
 * <pre>{@code new LibvirtDaemon(DaemonPaths.host(), new ProcessCommandExec()).ensureRunning().ifPresent(System.out::println);}</pre>
 */
public final class LibvirtDaemon {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 100;

    private final DaemonPaths paths;
    private final CommandExec exec;

    public LibvirtDaemon(DaemonPaths paths, CommandExec exec) {
        this.paths = paths;
        this.exec = exec;
    }

    /**
     * Starts what is missing and waits for libvirtd's socket.
     *
     * @return what was started, for the caller to tell the user; empty when libvirtd already answered
     * @throws HypervisorException when systemd manages the host, or the socket never answers
     * @throws CommandException    when a daemon cannot be started
     */
    public Optional<String> ensureRunning() {
        if (accepts(paths.libvirtSocket())) {
            return Optional.empty();
        }
        if (paths.systemdMarker().toFile().exists()) {
            throw new HypervisorException("libvirtd does not answer on " + paths.libvirtSocket()
                    + " and systemd manages this host: start it with 'systemctl start libvirtd'");
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
        List<String> argv = List.of(binary.toString(), "-d");
        CommandExec.ExecResult result;
        try {
            result = exec.run(argv, COMMAND_TIMEOUT);
        } catch (IOException e) {
            throw new CommandException(argv, -1, String.valueOf(e.getMessage()), "cannot start " + binary.getFileName());
        }
        if (result.exitCode() != 0) {
            throw new CommandException(argv, result.exitCode(), tail(result.stderr()),
                    "cannot start " + binary.getFileName());
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

    private static String tail(String text) {
        String s = text.strip();
        return s.length() <= 2000 ? s : s.substring(s.length() - 2000);
    }
}
