package io.virtseed.network.linux;

import io.virtseed.core.error.StateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads and writes what the kernel shows as files (sysfs, procfs): a link's existence, flags, MTU
 * and master, and the host namespace's sysctls. Reading a file costs no process, which keeps
 * ensuring a healthy network fast.
 */
final class Kernel {

    private static final int IFF_UP = 0x1;

    private final HostPaths paths;

    Kernel(HostPaths paths) {
        this.paths = paths;
    }

    HostPaths paths() {
        return paths;
    }

    boolean linkExists(String name) {
        return Files.exists(paths.link(name));
    }

    boolean isBridge(String name) {
        return Files.isDirectory(paths.link(name).resolve("bridge"));
    }

    boolean isUp(String name) {
        return read(paths.link(name).resolve("flags")).map(f -> (Integer.decode(f) & IFF_UP) != 0).orElse(false);
    }

    OptionalInt mtu(String name) {
        return read(paths.link(name).resolve("mtu")).map(m -> OptionalInt.of(Integer.parseInt(m)))
                .orElse(OptionalInt.empty());
    }

    /** The bridge this link is a port of, if any. */
    Optional<String> master(String name) {
        Path master = paths.link(name).resolve("master");
        try {
            return Optional.of(Files.readSymbolicLink(master).getFileName().toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The link's alias ({@code ip link set NAME alias ...}), empty when none is set. */
    String alias(String name) {
        return read(paths.link(name).resolve("ifalias")).orElse("");
    }

    boolean namespaceExists(String name) {
        return Files.exists(paths.namespace(name));
    }

    /** A host sysctl, like {@code net/ipv4/ip_forward}; empty where this kernel has no such key. */
    Optional<String> sysctl(String key) {
        return read(paths.sysctl(key));
    }

    /** Sets a host sysctl if it differs; a key this kernel lacks (IPv6 off at boot) is left alone. */
    void setSysctl(String key, String value) {
        Path p = paths.sysctl(key);
        if (sysctl(key).filter(value::equals).isPresent() || !Files.exists(p)) {
            return;
        }
        try {
            Files.writeString(p, value + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new StateException("cannot set " + p + " to " + value + ": " + e.getMessage(), e);
        }
    }

    static Optional<String> read(Path p) {
        try {
            return Optional.of(Files.readString(p, StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
