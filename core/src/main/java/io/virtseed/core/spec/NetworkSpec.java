package io.virtseed.core.spec;

import io.virtseed.core.value.Ipv4Cidr;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** A network a plan declares ({@code networks:} at the top of a plan). */
public record NetworkSpec(String name, Ipv4Cidr cidr, NetworkMode mode, Optional<String> bridge, List<String> dns) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}");

    public NetworkSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid network name '" + name
                    + "': use 1 to 31 characters a-z, 0-9 and '-', starting with a letter");
        }
        Objects.requireNonNull(cidr, "cidr");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(bridge, "bridge");
        if (mode == NetworkMode.BRIDGED && bridge.isEmpty()) {
            throw new IllegalArgumentException("network '" + name + "' is bridged but names no bridge");
        }
        dns = List.copyOf(dns);
    }
}
