package io.virtseed.core.spec;

import io.virtseed.core.value.Ipv4;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/** Address checks of a NIC entry, with errors that point at the spec line. */
final class NicAddresses {

    private NicAddresses() {
    }

    static void check(SpecNode s, Optional<String> ip, Optional<String> gateway, List<String> dns,
            Optional<NetworkSpec> network) {
        ip.ifPresent(text -> {
            int slash = text.indexOf('/');
            int addr = parse4(s, "ip", slash < 0 ? text : text.substring(0, slash));
            if (slash >= 0) {
                int prefix;
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw s.error("ip", "'" + text + "' has a prefix that is not a number");
                }
                if (prefix < 8 || prefix > 30) {
                    throw s.error("ip", "'" + text + "': prefix must be /8 to /30");
                }
            }
            network.ifPresent(net -> {
                if (!net.cidr().isHost(addr)) {
                    throw s.error("ip", text + " is not a host address of network '" + net.name() + "' ("
                            + net.cidr() + ")");
                }
                if (addr == net.cidr().firstHost()) {
                    throw s.error("ip", text + " is the network's gateway address (.1); pick another");
                }
            });
        });
        gateway.ifPresent(g -> parse4(s, "gateway", g));
        dns.forEach(d -> parse4(s, "dns", d));
    }

    static void check6(SpecNode s, Optional<String> ip6, Optional<String> gateway6) {
        ip6.ifPresent(text -> {
            int slash = text.indexOf('/');
            if (slash < 0) {
                throw s.error("ip6", "'" + text + "' needs a prefix, like 2001:db8::10/64");
            }
            parse6(s, "ip6", text.substring(0, slash));
            try {
                int p = Integer.parseInt(text.substring(slash + 1));
                if (p < 1 || p > 128) {
                    throw s.error("ip6", "'" + text + "': prefix must be 1 to 128");
                }
            } catch (NumberFormatException e) {
                throw s.error("ip6", "'" + text + "' has a prefix that is not a number");
            }
        });
        gateway6.ifPresent(g -> parse6(s, "gateway6", g));
    }

    private static int parse4(SpecNode s, String key, String text) {
        try {
            return Ipv4.parse(text);
        } catch (IllegalArgumentException e) {
            throw s.error(key, e.getMessage());
        }
    }

    private static void parse6(SpecNode s, String key, String text) {
        // only literal forms: a colon is required so no name lookup can ever happen
        if (text.indexOf(':') < 0 || !text.matches("[0-9A-Fa-f:.]+")) {
            throw s.error(key, "'" + text + "' is not an IPv6 address");
        }
        try {
            InetAddress.getByName(text);
        } catch (Exception e) {
            throw s.error(key, "'" + text + "' is not an IPv6 address");
        }
    }
}
