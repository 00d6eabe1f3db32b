package io.virtseed.cli.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * IPv4 forwarding, which {@code nat} networks need: their guests reach the world through the
 * host. Off is a warning, and a failure once this state folder has a {@code nat} network.
 *
 * @param sysctl      {@code /proc/sys/net/ipv4/ip_forward}
 * @param natNetworks this state folder's {@code nat} networks
 */
record ForwardingCheck(Path sysctl, List<String> natNetworks) {

    static final String ID = "ip-forward";
    static final String FIX = "sysctl -w net.ipv4.ip_forward=1 (and net.ipv4.ip_forward=1 in /etc/sysctl.conf to keep it)";

    Check check() {
        String value;
        try {
            value = Files.readString(sysctl).strip();
        } catch (IOException e) {
            return Check.warn(ID, "cannot read " + sysctl + " (" + e.getMessage() + "); nat networks need forwarding");
        }
        if (value.equals("1")) {
            return Check.ok(ID, "net.ipv4.ip_forward = 1: nat networks can reach out");
        }
        if (natNetworks.isEmpty()) {
            return Check.warn(ID, "net.ipv4.ip_forward = " + value + ": nat networks are refused until it is 1"
                    + " (isolated and bridged ones do not need it)", FIX);
        }
        return Check.fail(ID, "net.ipv4.ip_forward = " + value + ", and nat network(s) " + String.join(", ", natNetworks)
                + " need it", FIX);
    }
}
