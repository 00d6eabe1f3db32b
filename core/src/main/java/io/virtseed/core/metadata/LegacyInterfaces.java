package io.virtseed.core.metadata;

import io.virtseed.core.value.Ipv4;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * nova's injected {@code /etc/network/interfaces} (its {@code flat_injected} template), referenced
 * as {@code network_config} from the config drive's meta_data.json. cloud-init before 0.7.7 and old
 * images read it; newer cloud-init applies it only when network_data.json is absent or the drive
 * is in {@code dsmode: pass}. NICs are named {@code eth0}, {@code eth1}, ... in order, as in nova.
 */
final class LegacyInterfaces {

    private static final String INDENT = "    ";

    private LegacyInterfaces() {
    }

    /** Written only when some NIC has a static address: DHCP alone needs no injected file. */
    static boolean wanted(InstanceMetadata md) {
        return md.nics().stream().anyMatch(NicConfig::hasStaticAddress);
    }

    /** The content index after the injected files. */
    static int contentIndex(InstanceMetadata md) {
        return md.files().size();
    }

    static byte[] render(List<NicConfig> nics) {
        StringBuilder s = new StringBuilder();
        s.append("# Injected on instance boot\n")
                .append("#\n")
                .append("# This file describes the network interfaces available on your system\n")
                .append("# and how to activate them. For more information, see interfaces(5).\n\n")
                .append("# The loopback network interface\n")
                .append("auto lo\n")
                .append("iface lo inet loopback\n\n");
        for (int i = 0; i < nics.size(); i++) {
            NicConfig nic = nics.get(i);
            String name = "eth" + i;
            s.append("auto ").append(name).append('\n');
            Optional<NicConfig.Ipv4Setting> v4 = nic.dhcp() ? Optional.empty() : nic.ipv4();
            String dns = String.join(" ", nic.dns());
            if (nic.dhcp()) {
                s.append("iface ").append(name).append(" inet dhcp\n");
            } else if (v4.isPresent()) {
                NicConfig.Ipv4Setting a = v4.get();
                s.append("iface ").append(name).append(" inet static\n");
                line(s, "address", a.address());
                line(s, "netmask", a.netmask());
                line(s, "broadcast", Ipv4.format(a.subnet().broadcast()));
                a.gateway().ifPresent(g -> line(s, "gateway", g));
                if (!dns.isEmpty()) {
                    line(s, "dns-nameservers", dns);
                }
            }
            if (nic.ipv6().isPresent()) {
                NicConfig.Ipv6Setting a = nic.ipv6().get();
                s.append("iface ").append(name).append(" inet6 static\n");
                line(s, "address", a.address());
                line(s, "netmask", Integer.toString(a.prefix()));
                a.gateway().ifPresent(g -> line(s, "gateway", g));
                if (v4.isEmpty() && !nic.dhcp() && !dns.isEmpty()) {
                    line(s, "dns-nameservers", dns);
                }
            }
            s.append('\n');
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void line(StringBuilder s, String key, String value) {
        s.append(INDENT).append(key).append(' ').append(value).append('\n');
    }
}
