package io.virtseed.network.linux;

import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.CommandRunner;
import io.virtseed.core.ports.StateMark;
import io.virtseed.core.spec.NetworkMode;
import io.virtseed.core.state.NetworkRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's iptables rules for a network we own the bridge of, each in chains of our own
 * ({@code VS-ID-FWD} from filter FORWARD, {@code VS-ID-NAT} from nat POSTROUTING), so removing a
 * network is removing its chains. Both modes let traffic pass within the bridge whatever the host's
 * FORWARD policy (bridged frames pass it: br_netfilter) and refuse anything else in or out; nat
 * then lets the network's own addresses out, replies back in, and masquerades them. Every rule and
 * jump carries the state folder's {@link StateMark} as its comment: what tells {@code reap} whose a
 * {@code VS-} chain is.
 */
final class HostFirewall {

    private final CommandRunner runner;

    HostFirewall(CommandRunner runner) {
        this.runner = runner;
    }

    static String forwardChain(NetworkRecord net) {
        return net.chainPrefix() + "-FWD";
    }

    static String natChain(NetworkRecord net) {
        return net.chainPrefix() + "-NAT";
    }

    /** The comment every rule of ours carries, as {@code iptables-save} prints it. */
    static String comment(StateMark mark) {
        return " -m comment --comment \"" + mark.value() + "\"";
    }

    /** The filter chain's rules, as {@code iptables-save} prints them. */
    static List<String> forwardRules(NetworkRecord net, StateMark mark) {
        String c = "-A " + forwardChain(net);
        String br = net.bridge();
        String cidr = net.cidr().toString();
        String m = comment(mark);
        List<String> r = new ArrayList<>();
        r.add(c + " -i " + br + " -o " + br + m + " -j ACCEPT");
        if (net.mode() == NetworkMode.NAT) {
            r.add(c + " -s " + cidr + " -i " + br + m + " -j ACCEPT");
            r.add(c + " -d " + cidr + " -o " + br + " -m conntrack --ctstate RELATED,ESTABLISHED" + m + " -j ACCEPT");
        }
        r.add(c + " -i " + br + m + " -j REJECT --reject-with icmp-port-unreachable");
        r.add(c + " -o " + br + m + " -j REJECT --reject-with icmp-port-unreachable");
        return r;
    }

    /**
     * The nat chain's rules: broadcast and link-local multicast stay unmasqueraded, as libvirt does,
     * and so does what stays on the bridge: bridged frames pass nat POSTROUTING too (br_netfilter),
     * and a metadata request to 169.254.169.254 must reach the namespace from the guest's own address.
     */
    static List<String> natRules(NetworkRecord net, StateMark mark) {
        String c = "-A " + natChain(net) + " -s " + net.cidr();
        String m = comment(mark);
        return List.of(c + " -d 224.0.0.0/24" + m + " -j RETURN", c + " -d 255.255.255.255/32" + m + " -j RETURN",
                c + " ! -d " + net.cidr() + " ! -o " + net.bridge() + m + " -j MASQUERADE");
    }

    void ensure(NetworkRecord net, StateMark mark) {
        if (!net.ownsBridge()) {
            return;
        }
        IptablesSave now = save();
        List<String> restore = new ArrayList<>();
        String m = comment(mark);
        restore.addAll(table(now, "filter", "FORWARD", forwardChain(net), forwardRules(net, mark), m));
        if (net.mode() == NetworkMode.NAT) {
            restore.addAll(table(now, "nat", "POSTROUTING", natChain(net), natRules(net, mark), m));
        }
        if (!restore.isEmpty()) {
            runner.run(Command.of("iptables-restore", "-w", "--noflush").withStdin(IpBatch.bytes(restore)));
        }
    }

    /** Lines that bring one chain (and the jump to it) to its rules; none when it is there. */
    private static List<String> table(IptablesSave now, String table, String from, String chain, List<String> rules,
            String comment) {
        String jump = "-A " + from + comment + " -j " + chain;
        // jumps written before rules carried a mark, or twice: replaced by the one marked jump
        List<String> stale = now.rules(table, from).stream()
                .filter(r -> r.endsWith(" -j " + chain) && !r.equals(jump)).toList();
        boolean jumps = now.rules(table).contains(jump);
        if (jumps && stale.isEmpty() && now.chains(table).contains(chain) && now.rules(table, chain).equals(rules)) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add("*" + table);
        // declaring an existing chain under --noflush empties it: the rules below replace its old ones
        lines.add(":" + chain + " - [0:0]");
        lines.addAll(rules);
        stale.forEach(r -> lines.add("-D" + r.substring(2)));
        if (!jumps) {
            // first, so that the host's own rules (a DROP policy, another tool's chains) come after ours
            lines.add("-I " + from + " 1" + comment + " -j " + chain);
        }
        lines.add("COMMIT");
        return lines;
    }

    /** Removes the jumps to every chain of this network and the chains; nothing when none is there. */
    void remove(NetworkRecord net) {
        IptablesSave now = save();
        java.util.Map<String, List<String>> ours = new java.util.LinkedHashMap<>();
        for (String table : List.of("filter", "nat")) {
            ours.put(table, now.chains(table).stream().filter(c -> c.startsWith(net.chainPrefix() + "-")).toList());
        }
        removeChains(runner, now, ours);
    }

    /**
     * Removes the given chains of each table, with every jump to them from other chains, in one
     * {@code iptables-restore --noflush}: nothing else in the tables is touched.
     */
    static void removeChains(CommandRunner runner, IptablesSave now, java.util.Map<String, List<String>> byTable) {
        List<String> restore = new ArrayList<>();
        byTable.forEach((table, ours) -> {
            if (ours.isEmpty()) {
                return;
            }
            restore.add("*" + table);
            for (String rule : now.rules(table)) {
                for (String chain : ours) {
                    if (rule.endsWith(" -j " + chain) && !rule.startsWith("-A " + chain + " ")) {
                        restore.add("-D" + rule.substring(2));
                    }
                }
            }
            ours.forEach(c -> restore.add("-F " + c));
            ours.forEach(c -> restore.add("-X " + c));
            restore.add("COMMIT");
        });
        if (!restore.isEmpty()) {
            runner.run(Command.of("iptables-restore", "-w", "--noflush").withStdin(IpBatch.bytes(restore)));
        }
    }

    private IptablesSave save() {
        return IptablesSave.parse(runner.run(Command.of("iptables-save")).stdout());
    }
}
