package io.virtseed.network.linux;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.CommandRunner;
import io.virtseed.core.ports.HostObject;
import io.virtseed.core.ports.HostObject.Owner;
import io.virtseed.core.ports.StateMark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The network objects on this host with our names, each judged by its mark: links by their alias,
 * namespaces by the aliases of the links inside, iptables chains by the comments of their rules and
 * of the jumps to them, dnsmasq by the configuration file its command line names (a state folder's
 * lies under its {@code networks/}). Removes only what proves to be the asking state folder's.
 */
final class HostStrays {

    private static final Pattern LINK = Pattern.compile("vs-([0-9a-f]{6})(-h|-n)?");
    private static final Pattern NAMESPACE = Pattern.compile("vs-([0-9a-f]{6})");
    private static final Pattern CHAIN = Pattern.compile("VS-([0-9A-F]{6})-[A-Z0-9]+");
    private static final Pattern COMMENT = Pattern.compile("--comment \"?(" + Pattern.quote(StateMark.PREFIX) + "[0-9a-f]{16})\"?");
    /** Where any state folder's dnsmasq configuration lies: {@code STATE/networks/NAME/dnsmasq.conf}. */
    private static final Pattern CONF = Pattern.compile("--conf-file=(/.*)/networks/[^/]+/dnsmasq\\.conf");
    private static final long STOP_WAIT_MILLIS = 3000;

    private final CommandRunner runner;
    private final Kernel kernel;

    HostStrays(CommandRunner runner, Kernel kernel) {
        this.runner = runner;
        this.kernel = kernel;
    }

    List<HostObject> find(Path stateRoot) {
        StateMark mark = StateMark.of(stateRoot);
        List<HostObject> found = new ArrayList<>(links(mark));
        Map<String, String> namespaces = namespaceInodes();
        namespaces.keySet().forEach(ns -> found.add(namespace(ns, mark)));
        try {
            found.addAll(chains(save(), mark));
        } catch (RuntimeException e) {
            // no iptables on this host (or it cannot be read): no chain of ours can be there to find
        }
        found.addAll(dnsmasqs(stateRoot, namespaces));
        return found;
    }

    /**
     * Removes every object proven {@code stateRoot}'s whose network id is not live: DHCP servers first
     * (a process inside keeps a namespace alive), then rules, links and namespaces.
     */
    void remove(Path stateRoot, Set<String> liveIds) {
        List<HostObject> strays = find(stateRoot).stream()
                .filter(o -> o.owner() == Owner.THIS_STATE && !liveIds.contains(o.networkId())).toList();
        for (HostObject o : strays) {
            if (o.kind().equals("process")) {
                stop(Long.parseLong(o.name().substring(o.name().indexOf(' ') + 1)), stateRoot);
            }
        }
        removeChains(strays.stream().filter(o -> o.kind().equals("iptables")).map(HostObject::name).toList());
        // the veth first: with it goes its peer in the namespace; a bridge after its ports. One by one,
        // "already gone" allowed: a link may have gone with its peer meanwhile
        strays.stream().filter(o -> o.kind().equals("link")).sorted((a, b) -> Boolean.compare(!a.name().endsWith("-h"),
                !b.name().endsWith("-h"))).forEach(o -> runner.run(Command.of("ip", "link", "del", o.name()).allowing(0, 1)));
        strays.stream().filter(o -> o.kind().equals("namespace"))
                .forEach(o -> runner.run(Command.of("ip", "netns", "del", o.name()).allowing(0, 1)));
    }

    /** Links of the host's namespace named like ours ({@code vs-ID}, {@code vs-ID-h}); taps are libvirt's. */
    private List<HostObject> links(StateMark mark) {
        List<HostObject> out = new ArrayList<>();
        Path net = kernel.paths().sys().resolve("class/net");
        try (Stream<Path> all = Files.list(net)) {
            all.map(p -> p.getFileName().toString()).sorted().forEach(name -> {
                Matcher m = LINK.matcher(name);
                if (m.matches()) {
                    out.add(new HostObject("link", name, m.group(1), mark.judge(kernel.alias(name))));
                }
            });
        } catch (IOException e) {
            // no sysfs to read: nothing can be proven ours, so nothing is listed
        }
        return out;
    }

    /** Our named namespaces, by name, with the inode of their bind mount (what a process's netns link shows). */
    private Map<String, String> namespaceInodes() {
        Map<String, String> out = new LinkedHashMap<>();
        try (Stream<Path> all = Files.list(kernel.paths().netns())) {
            all.sorted().forEach(p -> {
                if (NAMESPACE.matcher(p.getFileName().toString()).matches()) {
                    String inode;
                    try {
                        inode = String.valueOf(Files.getAttribute(p, "unix:ino"));
                    } catch (IOException | UnsupportedOperationException e) {
                        inode = "";
                    }
                    out.put(p.getFileName().toString(), inode);
                }
            });
        } catch (IOException e) {
            // no namespaces pinned at all
        }
        return out;
    }

    /** A namespace is as ours as the links inside it: a namespace has no mark of its own. */
    private HostObject namespace(String ns, StateMark mark) {
        String id = ns.substring(3);
        Owner owner = Owner.UNPROVEN;
        try {
            JsonNode links = HostLinks.parse(runner.run(Command.of("ip", "-d", "-j", "link", "show").inNetns(ns)).stdout());
            for (JsonNode link : links) {
                Owner o = mark.judge(link.path("ifalias").asText(""));
                if (o == Owner.THIS_STATE) {
                    owner = o;
                    break;
                }
                if (o == Owner.OTHER_STATE) {
                    owner = o;
                }
            }
        } catch (RuntimeException e) {
            // gone meanwhile, or unreadable: unproven
        }
        return new HostObject("namespace", ns, id, owner);
    }

    /** Each {@code VS-} chain of the host's tables, ours when a rule in it or a jump to it carries our mark. */
    static List<HostObject> chains(IptablesSave save, StateMark mark) {
        List<HostObject> out = new ArrayList<>();
        for (String table : save.chains().keySet()) {
            for (String chain : save.chains(table)) {
                Matcher m = CHAIN.matcher(chain);
                if (!m.matches()) {
                    continue;
                }
                Owner owner = Owner.UNPROVEN;
                for (String rule : save.rules(table)) {
                    if (!rule.startsWith("-A " + chain + " ") && !rule.endsWith(" -j " + chain)) {
                        continue;
                    }
                    Matcher c = COMMENT.matcher(rule);
                    if (c.find()) {
                        Owner o = mark.judge(c.group(1));
                        owner = o == Owner.THIS_STATE || owner == Owner.UNPROVEN ? o : owner;
                    }
                }
                out.add(new HostObject("iptables", table + " " + chain, m.group(1).toLowerCase(Locale.ROOT), owner));
            }
        }
        return out;
    }

    /**
     * dnsmasq processes running a state folder's configuration: ours when the file lies under this
     * state folder, another's when under another folder's {@code networks/} and inside one of our
     * namespaces; any other dnsmasq (the system's, libvirt's) is no concern of ours and not listed.
     * Its network id is that of the namespace it runs in, empty when that has no name any more.
     */
    private List<HostObject> dnsmasqs(Path stateRoot, Map<String, String> namespaces) {
        List<HostObject> out = new ArrayList<>();
        Path root = stateRoot.toAbsolutePath().normalize();
        try (Stream<Path> procs = Files.list(kernel.paths().proc())) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).sorted().forEach(p -> {
                Optional<String> conf = dnsmasqConf(p);
                if (conf.isEmpty()) {
                    return;
                }
                String id = namespaceOf(p, namespaces);
                Matcher m = CONF.matcher(conf.get());
                if (!m.matches()) {
                    return;
                }
                Owner owner = Path.of(m.group(1)).normalize().equals(root) ? Owner.THIS_STATE
                        : id.isEmpty() ? null : Owner.OTHER_STATE;
                if (owner == Owner.THIS_STATE && id.isEmpty() && Files.exists(Path.of(conf.get()
                        .substring("--conf-file=".length())).resolveSibling("network.json"))) {
                    // in no namespace we can name, yet its network is recorded: the next ensure of
                    // that network replaces it; reap never guesses about a recorded network
                    owner = null;
                }
                if (owner != null) {
                    out.add(new HostObject("process", "dnsmasq " + p.getFileName(), id, owner));
                }
            });
        } catch (IOException e) {
            // no procfs: nothing to list
        }
        return out;
    }

    /** The {@code --conf-file=} argument of a dnsmasq process, empty for any other process. */
    private static Optional<String> dnsmasqConf(Path proc) {
        try {
            List<String> argv = Arrays.asList(new String(Files.readAllBytes(proc.resolve("cmdline")),
                    StandardCharsets.UTF_8).split("\0"));
            if (argv.isEmpty() || !Path.of(argv.get(0)).getFileName().toString().equals("dnsmasq")) {
                return Optional.empty();
            }
            return argv.stream().filter(a -> a.startsWith("--conf-file=")).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // ended while we looked, or not ours to read
        }
    }

    /** The id of the vs- namespace the process runs in, empty when it runs in none of them. */
    private static String namespaceOf(Path proc, Map<String, String> namespaces) {
        try {
            String link = Files.readSymbolicLink(proc.resolve("ns/net")).toString(); // net:[INODE]
            String inode = link.substring(link.indexOf('[') + 1, link.length() - 1);
            return namespaces.entrySet().stream().filter(e -> e.getValue().equals(inode)).map(e -> e.getKey().substring(3))
                    .findFirst().orElse("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Stops a dnsmasq of ours: TERM, then KILL if it lingers; checked again first, since pids are reused. */
    private void stop(long pid, Path stateRoot) {
        Path proc = kernel.paths().proc().resolve(Long.toString(pid));
        if (!isOurs(proc, stateRoot)) {
            return;
        }
        runner.run(Command.of("kill", "-TERM", Long.toString(pid)).allowing(0, 1));
        long deadline = System.nanoTime() + STOP_WAIT_MILLIS * 1_000_000;
        while (isOurs(proc, stateRoot)) {
            if (System.nanoTime() - deadline > 0) {
                runner.run(Command.of("kill", "-KILL", Long.toString(pid)).allowing(0, 1));
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean isOurs(Path proc, Path stateRoot) {
        Optional<String> conf = dnsmasqConf(proc);
        if (conf.isEmpty()) {
            return false;
        }
        Matcher m = CONF.matcher(conf.get());
        return m.matches() && Path.of(m.group(1)).normalize().equals(stateRoot.toAbsolutePath().normalize());
    }

    /** Deletes chains ({@code TABLE CHAIN}) and every jump to them, one restore per table. */
    private void removeChains(List<String> chains) {
        if (chains.isEmpty()) {
            return;
        }
        IptablesSave now = save();
        java.util.Map<String, List<String>> ours = new java.util.LinkedHashMap<>();
        for (String table : now.chains().keySet()) {
            ours.put(table, chains.stream().filter(c -> c.startsWith(table + " "))
                    .map(c -> c.substring(table.length() + 1)).filter(now.chains(table)::contains).toList());
        }
        HostFirewall.removeChains(runner, now, ours);
    }

    private IptablesSave save() {
        return IptablesSave.parse(runner.run(Command.of("iptables-save")).stdout());
    }
}
