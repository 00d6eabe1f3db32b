package io.virtseed.network.linux;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Lines for {@code ip -batch -} and {@code iptables-restore}: one process runs them all. */
final class IpBatch {

    private IpBatch() {
    }

    static byte[] bytes(List<String> lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
