package io.virtseed.network.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.ports.DhcpHost;
import io.virtseed.core.spec.NetworkMode;
import io.virtseed.core.spec.NetworkSpec;
import io.virtseed.core.state.NetworkRecord;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.Ipv4Cidr;
import io.virtseed.core.value.Ipv6Prefix;
import io.virtseed.core.value.MacAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DnsmasqConfigTest {

    private static final DnsmasqConfig CFG = new DnsmasqConfig(Path.of("/state/networks/lab"));

    static NetworkRecord record(NetworkSpec spec) {
        return new NetworkRecord(NetworkRecord.CURRENT_VERSION, "1a2b3c", spec, Optional.empty(), Instant.EPOCH);
    }

    @Test
    void aNatNetworkWithEveryOptionRendersTheWholeConfiguration() {
        var spec = new NetworkSpec("lab", Ipv4Cidr.parse("10.88.0.0/24"), Optional.of(Ipv6Prefix.parse("fd00:88::/64")),
                NetworkMode.NAT, Optional.empty(), List.of(IpAddress.parse("10.88.0.53"), IpAddress.parse("fd00:88::53")),
                Optional.of("lab.test"), OptionalInt.of(1400), List.of(IpAddress.parse("10.88.0.123")), true);

        assertThat(CFG.render(record(spec), "dnsmasq")).isEqualTo("""
                # dnsmasq for virtseed network lab (1a2b3c): rewritten by virtseed, edits are lost
                port=0
                interface=vs-1a2b3c-n
                bind-interfaces
                no-resolv
                no-hosts
                user=dnsmasq
                pid-file=/state/networks/lab/dnsmasq.pid
                dhcp-leasefile=/state/networks/lab/dnsmasq.leases
                log-facility=/state/networks/lab/dnsmasq.log
                log-dhcp
                dhcp-hostsfile=/state/networks/lab/dhcp-hosts
                dhcp-authoritative
                dhcp-range=10.88.0.0,static,255.255.255.0,1h
                dhcp-option=option:classless-static-route,169.254.169.254/32,10.88.0.2,0.0.0.0/0,10.88.0.1
                dhcp-option=option:router,10.88.0.1
                dhcp-option=option:dns-server,10.88.0.53
                dhcp-option=option6:dns-server,[fd00:88::53]
                domain=lab.test
                dhcp-option=option:domain-search,lab.test
                dhcp-option=option:mtu,1400
                dhcp-option=option:ntp-server,10.88.0.123
                enable-ra
                dhcp-range=::,constructor:vs-1a2b3c-n,ra-stateless,64,1h
                ra-param=vs-1a2b3c-n,mtu:1400,60,0
                """);
    }

    @Test
    void anIsolatedNetworkNamesNoRouterAndRoutesOnlyTheMetadataAddress() {
        String conf = CFG.render(record(NetworkSpec.of("lab", Ipv4Cidr.parse("10.88.0.0/24"), NetworkMode.ISOLATED)), "nobody");
        assertThat(conf).contains("dhcp-option=option:router\n",
                "dhcp-option=option:classless-static-route,169.254.169.254/32,10.88.0.2\n", "user=nobody\n")
                .doesNotContain("10.88.0.1", "enable-ra", "dns-server", "domain");
    }

    @Test
    void aBridgedNetworkDoesNotClaimTheSegment() {
        var spec = new NetworkSpec("lan", Ipv4Cidr.parse("192.168.7.0/24"), Optional.empty(), NetworkMode.BRIDGED,
                Optional.of("br0"), List.of(), Optional.empty(), OptionalInt.empty(), List.of(), true);
        assertThat(CFG.render(record(spec), "dnsmasq")).doesNotContain("dhcp-authoritative");
        assertThat(DnsmasqConfig.served(record(spec))).isTrue();
        var silent = new NetworkSpec("lan", spec.cidr(), Optional.empty(), NetworkMode.BRIDGED, Optional.of("br0"),
                List.of(), Optional.empty(), OptionalInt.empty(), List.of(), false);
        assertThat(DnsmasqConfig.served(record(silent))).isFalse();
    }

    @Test
    void theHostsFileIsOneSortedLinePerMacAndReadsBack() {
        var a = new DhcpHost(MacAddress.of("52:54:00:00:00:0b"), IpAddress.parse("10.88.0.11"), "b");
        var b = new DhcpHost(MacAddress.of("52:54:00:00:00:0a"), IpAddress.parse("10.88.0.10"), "a");
        String file = DnsmasqConfig.hostsFile(List.of(a, b));
        assertThat(file).isEqualTo("52:54:00:00:00:0a,10.88.0.10\n52:54:00:00:00:0b,10.88.0.11\n");
        assertThat(DnsmasqConfig.parseHosts("# comment\n" + file)).containsOnlyKeys("52:54:00:00:00:0a", "52:54:00:00:00:0b")
                .containsEntry("52:54:00:00:00:0b", "52:54:00:00:00:0b,10.88.0.11");
        assertThat(DnsmasqConfig.hostsFile(List.of(b, a))).isEqualTo(file);
    }
}
