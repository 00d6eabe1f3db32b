package io.virtseed.network.linux;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the kernel shows this host's links, settings and processes. The real host uses
 * {@link #SYSTEM}; tests point the provisioner at a folder they fill.
 *
 * @param sys   sysfs ({@code /sys}): links, bridges, masters, MTUs
 * @param proc  procfs ({@code /proc}): sysctls of the host's namespace, process command lines
 * @param netns where {@code ip netns} pins named namespaces ({@code /run/netns})
 */
public record HostPaths(Path sys, Path proc, Path netns) {

    public static final HostPaths SYSTEM = new HostPaths(Path.of("/sys"), Path.of("/proc"), Path.of("/run/netns"));

    public HostPaths {
        Objects.requireNonNull(sys, "sys");
        Objects.requireNonNull(proc, "proc");
        Objects.requireNonNull(netns, "netns");
    }

    /** {@code /sys/class/net/LINK}: present while the link exists in the host's namespace. */
    public Path link(String name) {
        return sys.resolve("class/net").resolve(name);
    }

    /** A sysctl of the host's namespace, like {@code net/ipv4/ip_forward}. */
    public Path sysctl(String key) {
        return proc.resolve("sys").resolve(key);
    }

    public Path namespace(String name) {
        return netns.resolve(name);
    }
}
