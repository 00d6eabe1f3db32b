package io.virtseed.network.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.CommandResult;
import io.virtseed.core.exec.RecordingCommandRunner;
import io.virtseed.core.spec.NetworkMode;
import io.virtseed.core.spec.NetworkSpec;
import io.virtseed.core.value.Ipv4Cidr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostChecksTest {

    @TempDir
    Path root;

    private HostPaths paths;

    @BeforeEach
    void fakeHost() throws Exception {
        paths = new HostPaths(root.resolve("sys"), root.resolve("proc"), root.resolve("netns"));
        sysctl("net/ipv4/ip_forward", "1");
        sysctl("net/bridge/bridge-nf-call-iptables", "1");
        Files.createDirectories(paths.link("br0").resolve("bridge"));
    }

    private void sysctl(String key, String value) throws Exception {
        Files.createDirectories(paths.sysctl(key).getParent());
        Files.writeString(paths.sysctl(key), value + "\n");
    }

    /** A host whose tools answer as given: program name to result; a missing program cannot start. */
    private static RecordingCommandRunner host(Map<String, CommandResult> answers) {
        Function<Command, CommandResult> f = c -> answers.getOrDefault(c.argv().getFirst(), new CommandResult(-1, "", "not found"));
        return new RecordingCommandRunner().answering(f);
    }

    private static Map<String, CommandResult> healthy(String forward) {
        return Map.of("ip", new CommandResult(0, "ip utility, iproute2-6.1.0", ""),
                "dnsmasq", new CommandResult(0, "Dnsmasq version 2.90", ""),
                "iptables", new CommandResult(0, forward.isEmpty() ? "iptables v1.8.9 (nf_tables)" : forward, ""));
    }

    private List<String> problems(Map<String, CommandResult> tools, NetworkSpec spec) {
        return new HostChecks(host(tools), new Kernel(paths)).problems(DnsmasqConfigTest.record(spec));
    }

    private static NetworkSpec bridged(String bridge) {
        return new NetworkSpec("lan", Ipv4Cidr.parse("192.168.7.0/24"), Optional.empty(), NetworkMode.BRIDGED,
                Optional.of(bridge), List.of(), Optional.empty(), OptionalInt.empty(), List.of(), true);
    }

    private static final NetworkSpec NAT = NetworkSpec.of("lab", Ipv4Cidr.parse("10.88.0.0/24"), NetworkMode.NAT);

    @Test
    void aReadyHostHasNoProblems() {
        assertThat(problems(healthy(""), NAT)).isEmpty();
        assertThat(problems(healthy(""), bridged("br0"))).isEmpty();
    }

    @Test
    void missingToolsAreNamedWithTheirPackage() {
        assertThat(problems(Map.of(), NAT)).hasSize(3).anyMatch(p -> p.contains("apt-get install iproute2"))
                .anyMatch(p -> p.contains("apt-get install dnsmasq-base")).anyMatch(p -> p.contains("apt-get install iptables"));
    }

    @Test
    void natWithoutForwardingSaysHowToTurnItOn() throws Exception {
        sysctl("net/ipv4/ip_forward", "0");
        assertThat(problems(healthy(""), NAT)).singleElement().asString().contains("sysctl -w net.ipv4.ip_forward=1");
        assertThat(problems(healthy(""), NetworkSpec.of("iso", NAT.cidr(), NetworkMode.ISOLATED))).isEmpty();
    }

    @Test
    void iptablesThatCannotReachTheKernelNamesItsBackend() {
        var tools = new java.util.HashMap<>(healthy(""));
        tools.put("iptables", new CommandResult(0, "iptables v1.8.9 (legacy)", ""));
        RecordingCommandRunner r = new RecordingCommandRunner().answering(c -> c.argv().contains("-S")
                ? new CommandResult(3, "", "can't initialize iptables table `filter'")
                : tools.getOrDefault(c.argv().getFirst(), new CommandResult(-1, "", "")));
        assertThat(new HostChecks(r, new Kernel(paths)).problems(DnsmasqConfigTest.record(NAT))).singleElement().asString()
                .contains("legacy backend", "iptables-nft");
    }

    @Test
    void aBridgedNetworkBehindADroppingForwardPolicyIsAProblemOnlyWhileBridgedFramesAreFiltered() throws Exception {
        RecordingCommandRunner r = new RecordingCommandRunner().answering(c -> c.argv().contains("-S")
                ? new CommandResult(0, "-P FORWARD DROP\n", "") : healthy("").get(c.argv().getFirst()));
        var checks = new HostChecks(r, new Kernel(paths));
        assertThat(checks.problems(DnsmasqConfigTest.record(bridged("br0")))).singleElement().asString()
                .contains("--physdev-is-bridged -j ACCEPT", "bridge-nf-call-iptables=0");
        assertThat(checks.problems(DnsmasqConfigTest.record(NAT))).as("our own bridge accepts its traffic").isEmpty();
        sysctl("net/bridge/bridge-nf-call-iptables", "0");
        assertThat(checks.problems(DnsmasqConfigTest.record(bridged("br0")))).isEmpty();
    }

    @Test
    void anIpv6NetworkBehindADroppingIpv6ForwardPolicyIsAProblem() throws Exception {
        sysctl("net/bridge/bridge-nf-call-ip6tables", "1");
        RecordingCommandRunner r = new RecordingCommandRunner().answering(c -> c.argv().getFirst().equals("ip6tables")
                ? new CommandResult(0, "-P FORWARD DROP\n", "") : healthy("").get(c.argv().getFirst()));
        var six = new NetworkSpec("six", NAT.cidr(), Optional.of(io.virtseed.core.value.Ipv6Prefix.parse("fd00:88::/64")),
                NetworkMode.ISOLATED, Optional.empty(), List.of(), Optional.empty(), OptionalInt.empty(), List.of(), true);
        var checks = new HostChecks(r, new Kernel(paths));
        assertThat(checks.problems(DnsmasqConfigTest.record(six))).singleElement().asString()
                .contains("ip6tables -I FORWARD -m physdev --physdev-is-bridged -j ACCEPT");
        assertThat(checks.problems(DnsmasqConfigTest.record(NAT))).as("no prefix, no IPv6 to carry").isEmpty();
    }

    @Test
    void aMissingBridgeIsNamed() {
        assertThat(problems(healthy(""), bridged("br9"))).singleElement().asString().contains("br9", "ip link add br9 type bridge");
    }

    @Test
    void routesBecomeCidrsTheNetworksCanBeCheckedAgainst() {
        String json = """
                [{"dst":"default","gateway":"192.0.2.1","dev":"eth0"},{"dst":"192.0.2.0/24","dev":"eth0"},
                 {"type":"local","dst":"192.0.2.2","table":"local"},{"type":"local","dst":"127.0.0.0/8","table":"local"},
                 {"dst":"10.0.0.0/1","dev":"tun0"},{"dst":"10.9.0.8/31","dev":"x"}]""";
        var r = new RecordingCommandRunner().answering(c -> new CommandResult(0, json, ""));
        assertThat(new HostChecks(r, new Kernel(paths)).routes()).extracting(Ipv4Cidr::toString)
                .containsExactly("10.9.0.8/30", "127.0.0.0/8", "192.0.2.0/24", "192.0.2.0/30");
        assertThat(HostChecks.backend("iptables v1.8.9 (nf_tables)")).isEqualTo("nft");
    }

}
