package io.virtseed.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.SpecException;
import io.virtseed.core.value.MacAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class NetworkFeaturesTest {

    static final MacAddress MAC_3 = MacAddress.of("52:54:00:00:00:33");

    /** Isolated static NIC (metadata route, no router), static v4+v6 with a v6 route, DHCP with SLAAC. */
    static InstanceMetadata routed() {
        NicConfig isolated = NicConfig.staticNic(MetadataFixtures.MAC_1, "iso", NicConfig.Ipv4Setting.of("10.90.0.10/24", null),
                List.of("10.90.0.2")).withRoutes(List.of(Route.of("169.254.169.254/32", "10.90.0.2")));
        NicConfig nat = new NicConfig(MetadataFixtures.MAC_2, "lab", false,
                Optional.of(NicConfig.Ipv4Setting.of("10.88.0.10/24", "10.88.0.1")),
                Optional.of(NicConfig.Ipv6Setting.of("fd00:88::10/64", "fd00:88::1")), List.of("10.88.0.2"),
                OptionalInt.empty()).withRoutes(List.of(Route.of("169.254.169.254/32", "10.88.0.2"),
                        Route.of("fd00:99::/48", "fd00:88::2")));
        NicConfig slaac = NicConfig.dhcp(MAC_3, "default").withSlaac();
        return MetadataFixtures.bare().nics(List.of(isolated, nat, slaac)).build();
    }

    private final MetadataTreeRenderer renderer = new MetadataTreeRenderer();

    @Test
    void routesAndSlaacMatchTheGoldens() {
        GoldenTrees.assertMatches(renderer.openStackTree(routed()), "routed/drive");
        GoldenTrees.assertMatches(renderer.noCloudTree(routed()), "routed/nocloud");
    }

    @Test
    void networkDataCarriesRoutesAndASlaacNetwork() {
        String json = new String(renderer.openStackTree(routed()).get("openstack/latest/network_data.json").orElseThrow(),
                StandardCharsets.UTF_8);
        assertThat(json).contains("\"routes\":[{\"network\":\"169.254.169.254\",\"netmask\":\"255.255.255.255\","
                + "\"gateway\":\"10.90.0.2\"}]")
                .contains("{\"network\":\"fd00:99::\",\"netmask\":\"ffff:ffff:ffff::\",\"gateway\":\"fd00:88::2\"}")
                .contains("\"type\":\"ipv6_slaac\",\"link\":\"interface2\"");
    }

    @Test
    void theOldSevenArgumentFormHasNoRoutesAndNoSlaac() {
        NicConfig nic = NicConfig.dhcp(MAC_3, "default");
        assertThat(nic.routes()).isEmpty();
        assertThat(nic.slaac()).isFalse();
    }

    @Test
    void badRoutesAreRejectedWithTheReason() {
        NicConfig v4 = NicConfig.staticNic(MAC_3, "lab", NicConfig.Ipv4Setting.of("10.88.0.10/24", null), List.of());
        assertThatThrownBy(() -> v4.withRoutes(List.of(Route.of("169.254.169.254/32", "10.77.0.2"))))
                .isInstanceOf(SpecException.class).hasMessageContaining("host address of 10.88.0.0/24");
        assertThatThrownBy(() -> v4.withRoutes(List.of(Route.of("fd00:99::/48", "fd00:88::2"))))
                .isInstanceOf(SpecException.class).hasMessageContaining("needs a static IPv6 address");
        assertThatThrownBy(() -> NicConfig.dhcp(MAC_3, "lab").withRoutes(List.of(Route.of("10.1.0.0/16", "10.88.0.2"))))
                .isInstanceOf(SpecException.class).hasMessageContaining("DHCP server supplies routes");
        assertThatThrownBy(() -> Route.of("10.1.0.1/16", "10.88.0.2")).isInstanceOf(SpecException.class)
                .hasMessageContaining("host bits set: use 10.1.0.0/16");
        assertThatThrownBy(() -> Route.of("0.0.0.0/0", "10.88.0.1")).isInstanceOf(SpecException.class)
                .hasMessageContaining("default route");
        assertThatThrownBy(() -> Route.of("fd00:99::/48", "10.88.0.2")).isInstanceOf(SpecException.class)
                .hasMessageContaining("address family");
        assertThatThrownBy(() -> NicConfig.dhcp(MAC_3, "lab").withIpv6(NicConfig.Ipv6Setting.of("fd00::5/64", null))
                .withSlaac()).isInstanceOf(SpecException.class).hasMessageContaining("static or SLAAC");
    }

    @Test
    void legacyInterfacesFileOnlyOnTheDriveAndOnlyWithAStaticNic() {
        String drive = new String(renderer.openStackTree(routed()).get("openstack/2012-08-10/meta_data.json").orElseThrow(),
                StandardCharsets.UTF_8);
        assertThat(drive).contains("\"network_config\":{\"name\":\"network_config\",\"content_path\":\"/content/0000\"}");
        MetadataTree http = renderer.httpTree(routed());
        assertThat(http.files().keySet()).noneMatch(k -> k.startsWith("openstack/content/"));
        assertThat(http.files().values()).noneMatch(v -> new String(v, StandardCharsets.UTF_8).contains("network_config"));
        MetadataTree dhcpOnly = renderer.openStackTree(MetadataFixtures.bare().build());
        assertThat(dhcpOnly.files().keySet()).noneMatch(k -> k.startsWith("openstack/content/"));
        assertThat(new String(dhcpOnly.get("openstack/latest/meta_data.json").orElseThrow(), StandardCharsets.UTF_8))
                .doesNotContain("network_config");
    }

    @Test
    void legacyInterfacesFileForIpv6OnlyAndDhcpWithStaticIpv6() {
        NicConfig v6only = new NicConfig(MetadataFixtures.MAC_1, "lab", false, Optional.empty(),
                Optional.of(NicConfig.Ipv6Setting.of("fd00:88::10/64", null)), List.of("fd00:88::53"), OptionalInt.empty());
        NicConfig dhcpV6 = NicConfig.dhcp(MetadataFixtures.MAC_2, "default")
                .withIpv6(NicConfig.Ipv6Setting.of("fd00:77::5/64", "fe80::1"));
        String eni = new String(renderer.openStackTree(MetadataFixtures.bare().nics(List.of(v6only, dhcpV6)).build())
                .get("openstack/content/0000").orElseThrow(), StandardCharsets.US_ASCII);
        assertThat(eni).endsWith("auto lo\niface lo inet loopback\n\n"
                + "auto eth0\niface eth0 inet6 static\n    address fd00:88::10\n    netmask 64\n    dns-nameservers fd00:88::53\n\n"
                + "auto eth1\niface eth1 inet dhcp\niface eth1 inet6 static\n    address fd00:77::5\n    netmask 64\n"
                + "    gateway fe80::1\n\n");
    }
}
