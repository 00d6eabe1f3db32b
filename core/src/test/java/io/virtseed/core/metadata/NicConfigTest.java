package io.virtseed.core.metadata;

import static io.virtseed.core.metadata.MetadataFixtures.MAC_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.SpecException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class NicConfigTest {

    @Test
    void addressesAreKeptInCanonicalText() {
        NicConfig nic = new NicConfig(MAC_1, "lab", false, Optional.of(NicConfig.Ipv4Setting.of("10.88.0.10/24", "10.88.0.1")),
                Optional.of(NicConfig.Ipv6Setting.of("FD00:0088:0000:0000:0000:0000:0000:0010/64", "fe80::1")),
                List.of("10.88.0.1", "2001:DB8::53", "10.88.0.1"), OptionalInt.empty());
        assertThat(nic.ipv6().orElseThrow().address()).isEqualTo("fd00:88::10");
        assertThat(nic.ipv6().orElseThrow().gateway()).contains("fe80::1");
        assertThat(nic.ipv6().orElseThrow().netmask()).isEqualTo("ffff:ffff:ffff:ffff::");
        assertThat(nic.ipv4().orElseThrow().netmask()).isEqualTo("255.255.255.0");
        assertThat(nic.ipv4().orElseThrow().subnet().toString()).isEqualTo("10.88.0.0/24");
        assertThat(nic.dns()).containsExactly("10.88.0.1", "2001:db8::53");
        assertThat(nic.hasStaticAddress()).isTrue();
        assertThat(NicConfig.dhcp(MAC_1, "default").hasStaticAddress()).isFalse();
    }

    @Test
    void dhcpNicMayCarryItsReservedAddressButNoGateway() {
        NicConfig reserved = new NicConfig(MAC_1, "lab", true, Optional.of(NicConfig.Ipv4Setting.of("10.88.0.10/24", null)),
                Optional.empty(), List.of(), OptionalInt.empty());
        assertThat(reserved.hasStaticAddress()).isFalse();
        assertThatThrownBy(() -> new NicConfig(MAC_1, "lab", true,
                Optional.of(NicConfig.Ipv4Setting.of("10.88.0.10/24", "10.88.0.1")), Optional.empty(), List.of(),
                OptionalInt.empty()))
                .isInstanceOf(SpecException.class).hasMessageContaining("gateway is only for a static NIC");
    }

    @Test
    void staticNicNeedsAnAddress() {
        assertThatThrownBy(() -> new NicConfig(MAC_1, "lab", false, Optional.empty(), Optional.empty(), List.of(),
                OptionalInt.empty()))
                .isInstanceOf(SpecException.class).hasMessageContaining("needs an IPv4 or IPv6 address");
    }

    @Test
    void ipv4MustBeAHostOfItsSubnet() {
        assertThatThrownBy(() -> NicConfig.Ipv4Setting.of("10.88.0.0/24", null))
                .isInstanceOf(SpecException.class).hasMessageContaining("is the network address of 10.88.0.0/24");
        assertThatThrownBy(() -> NicConfig.Ipv4Setting.of("10.88.0.255/24", null))
                .isInstanceOf(SpecException.class).hasMessageContaining("is the broadcast address of 10.88.0.0/24");
        assertThatThrownBy(() -> NicConfig.Ipv4Setting.of("10.88.0.5/31", null))
                .isInstanceOf(SpecException.class).hasMessageContaining("prefix /31 is out of range");
        assertThatThrownBy(() -> NicConfig.Ipv4Setting.of("10.88.0.300/24", null))
                .isInstanceOf(SpecException.class).hasMessageContaining("is not an IPv4 address");
        assertThatThrownBy(() -> NicConfig.Ipv4Setting.of("10.88.0.5", null))
                .isInstanceOf(SpecException.class).hasMessageContaining("has no prefix length");
        assertThatThrownBy(() -> NicConfig.Ipv4Setting.of("10.88.0.5/x", null))
                .isInstanceOf(SpecException.class).hasMessageContaining("prefix length is not a number");
    }

    @Test
    void ipv4GatewayMustBeAnotherHostOfTheSubnet() {
        assertThatThrownBy(() -> NicConfig.Ipv4Setting.of("10.88.0.10/24", "10.89.0.1"))
                .isInstanceOf(SpecException.class).hasMessageContaining("must be a host address of 10.88.0.0/24");
        assertThatThrownBy(() -> NicConfig.Ipv4Setting.of("10.88.0.10/24", "10.88.0.10"))
                .isInstanceOf(SpecException.class).hasMessageContaining("other than the NIC's own");
        assertThatThrownBy(() -> NicConfig.Ipv4Setting.of("10.88.0.10/24", "10.88.0.255"))
                .isInstanceOf(SpecException.class).hasMessageContaining("ipv4 gateway 10.88.0.255 is not usable");
    }

    @Test
    void ipv6IsParsedAsALiteralOnly() {
        assertThatThrownBy(() -> NicConfig.Ipv6Setting.of("example.com/64", null))
                .isInstanceOf(SpecException.class).hasMessageContaining("is not an IPv6 address");
        assertThatThrownBy(() -> NicConfig.Ipv6Setting.of("fd00::1%eth0/64", null))
                .isInstanceOf(SpecException.class).hasMessageContaining("is not an IPv6 address");
        assertThatThrownBy(() -> NicConfig.Ipv6Setting.of("fd00:::1/64", null))
                .isInstanceOf(SpecException.class).hasMessageContaining("is not an IPv6 address");
        assertThatThrownBy(() -> NicConfig.Ipv6Setting.of("::ffff:10.0.0.1/64", null))
                .isInstanceOf(SpecException.class).hasMessageContaining("IPv4-mapped");
        assertThatThrownBy(() -> NicConfig.Ipv6Setting.of("fe80::5/64", null))
                .isInstanceOf(SpecException.class).hasMessageContaining("link-local");
        assertThatThrownBy(() -> NicConfig.Ipv6Setting.of("fd00::5/129", null))
                .isInstanceOf(SpecException.class).hasMessageContaining("prefix /129 is out of range");
    }

    @Test
    void ipv6GatewayIsLinkLocalOrInsideThePrefix() {
        assertThat(NicConfig.Ipv6Setting.of("2001:db8:1::10/64", "2001:db8:1::1").gateway()).contains("2001:db8:1::1");
        assertThatThrownBy(() -> NicConfig.Ipv6Setting.of("2001:db8:1::10/64", "2001:db8:2::1"))
                .isInstanceOf(SpecException.class).hasMessageContaining("ipv6 gateway 2001:db8:2::1 is not usable");
        assertThatThrownBy(() -> NicConfig.Ipv6Setting.of("2001:db8:1::10/64", "ff02::1"))
                .isInstanceOf(SpecException.class).hasMessageContaining("is not usable");
    }

    @Test
    void dnsServersAndMtuAreChecked() {
        assertThatThrownBy(() -> NicConfig.staticNic(MAC_1, "lab", NicConfig.Ipv4Setting.of("10.0.0.2/24", null),
                List.of("dns.example")))
                .isInstanceOf(SpecException.class).hasMessageContaining("dns server: 'dns.example' is not an IPv4 address");
        NicConfig v6 = NicConfig.dhcp(MAC_1, "lab").withIpv6(NicConfig.Ipv6Setting.of("fd00::5/64", null));
        assertThatThrownBy(() -> v6.withMtu(1000))
                .isInstanceOf(SpecException.class).hasMessageContaining("IPv6 needs at least 1280");
        assertThat(NicConfig.dhcp(MAC_1, "lab").withMtu(576).mtu()).hasValue(576);
        assertThatThrownBy(() -> NicConfig.dhcp(MAC_1, "lab").withMtu(70000))
                .isInstanceOf(SpecException.class).hasMessageContaining("mtu 70000 is out of range");
    }

    @Test
    void networkNameIsChecked() {
        assertThatThrownBy(() -> NicConfig.dhcp(MAC_1, "Bad_Name"))
                .isInstanceOf(SpecException.class).hasMessageContaining("network name 'Bad_Name' is invalid");
    }
}
