package io.virtseed.network.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.exec.CommandResult;
import io.virtseed.core.exec.RecordingCommandRunner;
import io.virtseed.core.ports.StateMark;
import io.virtseed.core.spec.NetworkMode;
import io.virtseed.core.spec.NetworkSpec;
import io.virtseed.core.state.NetworkRecord;
import io.virtseed.core.value.Ipv4Cidr;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostFirewallTest {

    private static final NetworkRecord NAT = DnsmasqConfigTest.record(
            NetworkSpec.of("lab", Ipv4Cidr.parse("10.88.0.0/24"), NetworkMode.NAT));
    private static final StateMark MARK = StateMark.of(Path.of("/var/lib/virtseed"));
    private static final String M = " -m comment --comment \"" + MARK.value() + "\"";

    /** An iptables-save of a host that holds exactly this network's rules, and a rule of someone else. */
    private static String savedWithNetwork() {
        List<String> l = new ArrayList<>(List.of("*filter", ":INPUT ACCEPT [0:0]", ":FORWARD ACCEPT [0:0]",
                ":OUTPUT ACCEPT [0:0]", ":VS-1A2B3C-FWD - [0:0]", ":OTHER - [0:0]", "-A FORWARD" + M + " -j VS-1A2B3C-FWD",
                "-A FORWARD -j OTHER"));
        l.addAll(HostFirewall.forwardRules(NAT, MARK));
        l.addAll(List.of("COMMIT", "*nat", ":POSTROUTING ACCEPT [0:0]", ":VS-1A2B3C-NAT - [0:0]",
                "-A POSTROUTING" + M + " -j VS-1A2B3C-NAT"));
        l.addAll(HostFirewall.natRules(NAT, MARK));
        l.add("COMMIT");
        return String.join("\n", l) + "\n";
    }

    private static RecordingCommandRunner answering(String save) {
        return new RecordingCommandRunner().answering(c -> new CommandResult(0,
                c.argv().getFirst().equals("iptables-save") ? save : "", ""));
    }

    private static String stdin(RecordingCommandRunner r, int i) {
        return new String(r.commands().get(i).stdin().orElseThrow(), StandardCharsets.UTF_8);
    }

    @Test
    void anEmptyHostGetsBothChainsAndTheJumpsFirst() {
        var runner = answering("*filter\n:FORWARD DROP [0:0]\nCOMMIT\n");
        new HostFirewall(runner).ensure(NAT, MARK);
        assertThat(runner.argvs()).containsExactly(List.of("iptables-save"), List.of("iptables-restore", "-w", "--noflush"));
        assertThat(stdin(runner, 1)).startsWith("*filter\n:VS-1A2B3C-FWD - [0:0]\n-A VS-1A2B3C-FWD -i vs-1a2b3c -o vs-1a2b3c" + M + " -j ACCEPT\n")
                .contains("-I FORWARD 1" + M + " -j VS-1A2B3C-FWD\nCOMMIT\n*nat\n:VS-1A2B3C-NAT - [0:0]\n",
                        "-A VS-1A2B3C-NAT -s 10.88.0.0/24 ! -d 10.88.0.0/24 ! -o vs-1a2b3c" + M + " -j MASQUERADE\n",
                        "-I POSTROUTING 1" + M + " -j VS-1A2B3C-NAT\nCOMMIT\n");
    }

    @Test
    void aHostHoldingTheRulesIsLeftAlone() {
        var runner = answering(savedWithNetwork());
        new HostFirewall(runner).ensure(NAT, MARK);
        assertThat(runner.argvs()).containsExactly(List.of("iptables-save"));
    }

    @Test
    void aChainWithAMissingRuleIsRefilledWithoutASecondJump() {
        var runner = answering(savedWithNetwork().replace(HostFirewall.natRules(NAT, MARK).get(2) + "\n", ""));
        new HostFirewall(runner).ensure(NAT, MARK);
        assertThat(stdin(runner, 1)).startsWith("*nat\n:VS-1A2B3C-NAT - [0:0]\n").doesNotContain("-I POSTROUTING", "*filter");
    }

    @Test
    void removeDeletesTheJumpsAndChainsOfThisNetworkOnly() {
        var runner = answering(savedWithNetwork());
        new HostFirewall(runner).remove(NAT);
        assertThat(stdin(runner, 1)).isEqualTo("""
                *filter
                -D FORWARD -m comment --comment "%1$s" -j VS-1A2B3C-FWD
                -F VS-1A2B3C-FWD
                -X VS-1A2B3C-FWD
                COMMIT
                *nat
                -D POSTROUTING -m comment --comment "%1$s" -j VS-1A2B3C-NAT
                -F VS-1A2B3C-NAT
                -X VS-1A2B3C-NAT
                COMMIT
                """.formatted(MARK.value()));
    }

    @Test
    void anUnmarkedJumpOfAnOlderVersionIsReplacedByTheMarkedOne() {
        var runner = answering(savedWithNetwork().replace("-A FORWARD" + M + " -j VS-1A2B3C-FWD", "-A FORWARD -j VS-1A2B3C-FWD"));
        new HostFirewall(runner).ensure(NAT, MARK);
        assertThat(stdin(runner, 1)).contains("-D FORWARD -j VS-1A2B3C-FWD\n-I FORWARD 1" + M + " -j VS-1A2B3C-FWD\n")
                .doesNotContain("*nat");
    }

    @Test
    void removingFromAHostWithoutTheChainsRunsNothing() {
        var runner = answering("*filter\n:FORWARD ACCEPT [0:0]\nCOMMIT\n");
        new HostFirewall(runner).remove(NAT);
        assertThat(runner.argvs()).containsExactly(List.of("iptables-save"));
    }
}
