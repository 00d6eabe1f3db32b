package io.virtseed.network.metadata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network as the network adapter makes it, for tests without that adapter: bridge {@code vs-ID},
 * namespace {@code vs-ID} holding {@code .2}, {@code 169.254.169.254/32} and
 * {@code fe80::a9fe:a9fe/64} on {@code vs-ID-n}, the DNAT of 169.254.169.254:80 to {@code .2:8775};
 * and "guest" namespaces {@code vsmg-ID-N} plugged into the bridge with a static address and MAC.
 * {@link #close} removes everything it made, also after a half-made setup.
 */
final class TestNetwork implements AutoCloseable {

    final String id;
    final String prefix;
    private final List<List<String>> undo = new ArrayList<>();

    /** @param prefix the first three octets of the /24, like {@code 10.213.7} */
    TestNetwork(String id, String prefix) {
        this.id = id;
        this.prefix = prefix;
    }

    String namespace() {
        return "vs-" + id;
    }

    void create() throws IOException, InterruptedException {
        String br = "vs-" + id;
        String vh = br + "-h";
        String vn = br + "-n";
        run("ip", "link", "add", br, "type", "bridge");
        undo.add(List.of("ip", "link", "del", br));
        run("sysctl", "-qw", "net.ipv6.conf." + br + ".disable_ipv6=1");
        run("ip", "link", "set", br, "up");
        run("ip", "netns", "add", namespace());
        undo.add(List.of("ip", "netns", "del", namespace()));
        run("ip", "-n", namespace(), "link", "set", "lo", "up");
        run("ip", "link", "add", vh, "type", "veth", "peer", "name", vn);
        undo.add(List.of("ip", "link", "del", vh));
        run("sysctl", "-qw", "net.ipv6.conf." + vh + ".disable_ipv6=1");
        run("ip", "link", "set", vh, "master", br, "up");
        run("ip", "link", "set", vn, "netns", namespace());
        run("ip", "-n", namespace(), "addr", "add", prefix + ".2/24", "dev", vn);
        run("ip", "-n", namespace(), "addr", "add", "169.254.169.254/32", "dev", vn);
        run("ip", "-n", namespace(), "addr", "add", "fe80::a9fe:a9fe/64", "dev", vn, "nodad");
        run("ip", "-n", namespace(), "link", "set", vn, "up");
        run("ip", "netns", "exec", namespace(), "iptables", "-t", "nat", "-A", "PREROUTING", "-d",
                "169.254.169.254/32", "-p", "tcp", "--dport", "80", "-j", "DNAT", "--to-destination",
                prefix + ".2:8775");
    }

    /** A guest namespace with {@code PREFIX.host/24}, the given MAC, and its default route via {@code .2}. */
    Guest guest(int n, int host, String mac) throws IOException, InterruptedException {
        String ns = "vsmg-" + id + "-" + n;
        String gh = "vsg" + n + id + "h";
        String gn = "vsg" + n + id + "n";
        run("ip", "netns", "add", ns);
        undo.add(List.of("ip", "netns", "del", ns));
        run("ip", "link", "add", gh, "type", "veth", "peer", "name", gn);
        undo.add(List.of("ip", "link", "del", gh));
        run("sysctl", "-qw", "net.ipv6.conf." + gh + ".disable_ipv6=1");
        run("ip", "link", "set", gh, "master", "vs-" + id, "up");
        run("ip", "link", "set", gn, "address", mac);
        run("ip", "link", "set", gn, "netns", ns);
        // no duplicate address detection: the link-local address is usable at once
        run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf." + gn + ".accept_dad=0");
        run("ip", "-n", ns, "link", "set", "lo", "up");
        run("ip", "-n", ns, "link", "set", gn, "up");
        run("ip", "-n", ns, "addr", "add", prefix + "." + host + "/24", "dev", gn);
        run("ip", "-n", ns, "route", "add", "default", "via", prefix + ".2");
        return new Guest(ns, gn, prefix + "." + host);
    }

    record Guest(String namespace, String nic, String ip) {
    }

    @Override
    public void close() {
        for (int i = undo.size() - 1; i >= 0; i--) {
            try {
                exec(undo.get(i));
            } catch (IOException | InterruptedException e) {
                // keep removing the rest
            }
        }
        undo.clear();
    }

    static void run(String... command) throws IOException, InterruptedException {
        Result r = exec(List.of(command));
        if (r.status() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + r.status() + "): " + r.output());
        }
    }

    record Result(int status, String output) {
    }

    static Result exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " timed out");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
