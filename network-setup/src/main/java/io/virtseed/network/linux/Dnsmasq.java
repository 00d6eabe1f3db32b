package io.virtseed.network.linux;

import io.virtseed.core.error.ProvisionException;
import io.virtseed.core.error.StateException;
import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.CommandRunner;
import io.virtseed.core.ports.NetworkContext;
import io.virtseed.core.state.NetworkRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network's dnsmasq: started inside the namespace, found again by its pid file and checked by
 * its command line (a pid may belong to another process by now), told to re-read its reservations
 * with SIGHUP, stopped by pid. dnsmasq drops from root to {@code user} once started; the
 * reservations it re-reads after that are owned by that user and readable by it alone; the lease and
 * log files it opens as root before dropping, so they stay root's (the log is handed to the user).
 */
final class Dnsmasq {

    private static final Logger LOG = LoggerFactory.getLogger(Dnsmasq.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(3);
    private static final Duration START_WAIT = Duration.ofSeconds(5);

    private final CommandRunner runner;
    private final Kernel kernel;
    private final String user;

    Dnsmasq(CommandRunner runner, Kernel kernel, String user) {
        this.runner = runner;
        this.kernel = kernel;
        this.user = user;
    }

    /** Runs dnsmasq with this configuration and these reservations; restarts it only when its configuration changed. */
    void ensure(NetworkContext network, String hostsFile) {
        NetworkRecord net = network.record();
        DnsmasqConfig cfg = new DnsmasqConfig(network.dir());
        String runAs = runAs(network);
        if (!runAs.equals("root")) {
            PrivateFiles.letOthersEnter(network.dir());
        }
        boolean confChanged = PrivateFiles.writeIfChanged(cfg.conf(), cfg.render(net, runAs), Optional.empty());
        boolean hostsChanged = PrivateFiles.writeIfChanged(cfg.hosts(), hostsFile, owner(runAs));
        PrivateFiles.createIfMissing(cfg.leases());
        PrivateFiles.createIfMissing(cfg.log());
        Optional<Long> pid = find(cfg);
        if (pid.isPresent() && confChanged) {
            stop(pid.get(), cfg);
            pid = Optional.empty();
        }
        if (pid.isEmpty()) {
            start(net, cfg);
        } else if (hostsChanged) {
            reload(pid.get());
        }
    }

    /** The reservations the network serves, by MAC ({@code MAC,IP} lines). */
    Map<String, String> reservations(NetworkContext network) {
        Path hosts = new DnsmasqConfig(network.dir()).hosts();
        try {
            return DnsmasqConfig.parseHosts(Files.exists(hosts) ? Files.readString(hosts) : "");
        } catch (IOException e) {
            throw new StateException("cannot read " + hosts + ": " + e.getMessage(), e);
        }
    }

    /** Rewrites the reservations; a running dnsmasq re-reads them, a stopped one reads them when ensured. */
    void rewriteHosts(NetworkContext network, String hostsFile) {
        DnsmasqConfig cfg = new DnsmasqConfig(network.dir());
        if (PrivateFiles.writeIfChanged(cfg.hosts(), hostsFile, owner(runAs(network)))) {
            find(cfg).ifPresent(this::reload);
        }
    }

    /**
     * Makes the running dnsmasq forget the lease it gave {@code mac}, so the address can go to
     * another MAC at once: a reservation alone does not beat a lease, and dnsmasq refuses a
     * reserved address still leased to the guest that had it before ("not using configured
     * address ... because it is leased to ..."), for the lease's whole hour. {@code dhcp_release}
     * (package dnsmasq-utils) sends it the release the guest never sent, from inside the namespace.
     */
    void release(NetworkContext network, String mac, String ip) {
        NetworkRecord net = network.record();
        if (find(network).isEmpty()) {
            return; // no server, no lease held in memory; the lease file goes with the network
        }
        try {
            runner.run(Command.of("dhcp_release", net.vethNamespace(), ip, mac).inNetns(net.namespace())
                    .withTimeout(Duration.ofSeconds(10)));
        } catch (io.virtseed.core.error.CommandException e) {
            LOG.warn("the DHCP lease of {} ({}) on network {} was not released, so {} stays unusable for another"
                    + " guest until the lease ends (about an hour): {} (is dnsmasq-utils installed?)", mac, ip,
                    net.name(), ip, e.getMessage());
        }
    }

    /** Stops the network's dnsmasq, if one runs, and removes every file it and we made. */
    void remove(NetworkContext network) {
        DnsmasqConfig cfg = new DnsmasqConfig(network.dir());
        find(cfg).ifPresent(pid -> stop(pid, cfg));
        cfg.files().forEach(PrivateFiles::delete);
    }

    /** Stops the network's dnsmasq but keeps its files (it runs in a namespace about to be replaced). */
    void stop(NetworkContext network) {
        DnsmasqConfig cfg = new DnsmasqConfig(network.dir());
        find(cfg).ifPresent(pid -> stop(pid, cfg));
    }

    Optional<Long> find(NetworkContext network) {
        return find(new DnsmasqConfig(network.dir()));
    }

    private void start(NetworkRecord net, DnsmasqConfig cfg) {
        PrivateFiles.delete(cfg.pidFile());
        // dnsmasq forks; its first process exits once the daemon is up (or with the reason it is not)
        runner.run(Command.of("dnsmasq", cfg.confArgument()).inNetns(net.namespace()).withTimeout(Duration.ofSeconds(30)));
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (find(cfg).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new ProvisionException("start DHCP for network " + net.name(),
                        "dnsmasq started but wrote no pid file " + cfg.pidFile() + "; see " + cfg.log(), null);
            }
            sleep();
        }
    }

    private void reload(long pid) {
        runner.run(Command.of("kill", "-HUP", Long.toString(pid)));
    }

    private void stop(long pid, DnsmasqConfig cfg) {
        runner.run(Command.of("kill", "-TERM", Long.toString(pid)).allowing(0, 1));
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        // an exited process that nobody reaped yet keeps its /proc entry, but no command line
        while (isOurs(pid, cfg)) {
            if (System.nanoTime() > deadline) {
                runner.run(Command.of("kill", "-KILL", Long.toString(pid)).allowing(0, 1));
                return;
            }
            sleep();
        }
    }

    /** Our dnsmasq's pid: the pid file's if that process is ours, else any dnsmasq running our configuration. */
    private Optional<Long> find(DnsmasqConfig cfg) {
        Optional<Long> recorded = Kernel.read(cfg.pidFile()).flatMap(Dnsmasq::parsePid).filter(p -> isOurs(p, cfg));
        if (recorded.isPresent()) {
            return recorded;
        }
        try (Stream<Path> procs = Files.list(kernel.paths().proc())) {
            return procs.map(p -> parsePid(p.getFileName().toString())).flatMap(Optional::stream)
                    .filter(p -> isOurs(p, cfg)).findFirst();
        } catch (IOException e) {
            throw new StateException("cannot list processes in " + kernel.paths().proc() + ": " + e.getMessage(), e);
        }
    }

    private boolean isOurs(long pid, DnsmasqConfig cfg) {
        try {
            byte[] raw = Files.readAllBytes(kernel.paths().proc().resolve(Long.toString(pid)).resolve("cmdline"));
            List<String> argv = Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
            // "ip netns exec NS dnsmasq ..." names our file too, for the moment before it execs dnsmasq
            return !argv.isEmpty() && Path.of(argv.get(0)).getFileName().toString().equals("dnsmasq")
                    && argv.contains(cfg.confArgument());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The user dnsmasq runs as: our unprivileged one when it can reach the network's folder, since it
     * re-reads the reservations from there after dropping root (at start too); root where a folder
     * above is closed to it (like a state folder under {@code /root}), or it would serve no one.
     */
    String runAs(NetworkContext network) {
        if (user.equals("root")) {
            return user;
        }
        try {
            UserPrincipal who = lookup(user);
            for (Path d = network.dir().toAbsolutePath().getParent(); d != null; d = d.getParent()) {
                if (!Files.getPosixFilePermissions(d).contains(PosixFilePermission.OTHERS_EXECUTE)
                        && !Files.getOwner(d).equals(who)) {
                    LOG.warn("dnsmasq of network {} runs as root: {} is closed to user {} (give it o+x to let dnsmasq drop root)",
                            network.record().name(), d, user);
                    return "root";
                }
            }
            return user;
        } catch (IOException e) {
            throw new StateException("cannot check the folders above " + network.dir() + ": " + e.getMessage(), e);
        }
    }

    private Optional<UserPrincipal> owner(String runAs) {
        try {
            return Optional.of(lookup(runAs));
        } catch (IOException e) {
            throw new StateException("no user '" + runAs + "' for dnsmasq to run as: " + e.getMessage(), e);
        }
    }

    private UserPrincipal lookup(String name) throws IOException {
        return kernel.paths().proc().getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
    }

    private static Optional<Long> parsePid(String s) {
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(s));
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateException("interrupted while waiting for dnsmasq", e);
        }
    }
}
