package io.virtseed.network.metadata;

import io.virtseed.core.metadata.InstanceMetadata;
import io.virtseed.core.metadata.MetadataEvents;
import io.virtseed.core.metadata.MetadataFile;
import io.virtseed.core.metadata.MetadataHttpView;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.state.NetworkRecord;
import io.virtseed.core.state.NetworkStore;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.Ipv6Prefix;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the state folder into what the service answers from: the networks, and per network the
 * source addresses of its guests (IPv4, SLAAC IPv6, link-local EUI-64) mapped to their instance.
 * An instance is re-rendered only when its saved metadata or record changed, so a scan of an
 * unchanged folder costs a directory listing and a few stats per instance.
 */
final class StateScanner {

    private static final Logger LOG = LoggerFactory.getLogger(StateScanner.class);

    /** What one scan found. */
    record Snapshot(List<NetworkRecord> networks, Map<String, Map<InetAddress, ServedInstance>> bySource) {
        static final Snapshot EMPTY = new Snapshot(List.of(), Map.of());

        /** By the socket's address object: no text formatting on the request path. */
        Optional<ServedInstance> find(String network, InetAddress source) {
            return Optional.ofNullable(bySource.getOrDefault(network, Map.of()).get(source));
        }
    }

    private record Loaded(String fingerprint, InstanceRecord record, ServedInstance served) {
    }

    private final InstanceStore instances;
    private final NetworkStore networks;
    private final Map<String, Loaded> cache = new HashMap<>();

    StateScanner(Path stateDir) {
        this.instances = new InstanceStore(stateDir);
        this.networks = new NetworkStore(stateDir);
    }

    Path root() {
        return instances.root();
    }

    /** Scans the folder; not thread-safe (one scanning thread). */
    Snapshot scan() {
        List<NetworkRecord> nets = networks.list();
        Set<String> seen = new HashSet<>();
        Map<String, Map<IpAddress, ServedInstance>> bySource = new HashMap<>();
        Set<String> clashes = new HashSet<>();
        for (Path dir : instanceDirs()) {
            String name = dir.getFileName().toString();
            seen.add(name);
            Optional<Loaded> found = load(name, dir);
            if (found.isEmpty()) {
                continue;
            }
            Loaded l = found.get();
            for (InstanceRecord.Nic nic : l.record().nics()) {
                Map<IpAddress, ServedInstance> m = bySource.computeIfAbsent(nic.network(), k -> new HashMap<>());
                for (IpAddress a : sources(nic)) {
                    ServedInstance prev = m.putIfAbsent(a, l.served());
                    if (prev != null && prev != l.served()) {
                        clashes.add(nic.network() + " " + a);
                    }
                }
            }
        }
        for (String clash : clashes) {
            // two instances claim one address: answer neither rather than give one the other's metadata
            String[] parts = clash.split(" ", 2);
            bySource.get(parts[0]).remove(IpAddress.parse(parts[1]));
            LOG.warn("two instances claim {} on network {}: neither is answered there", parts[1], parts[0]);
        }
        cache.keySet().retainAll(seen);
        Map<String, Map<InetAddress, ServedInstance>> byInet = new HashMap<>();
        bySource.forEach((net, m) -> {
            Map<InetAddress, ServedInstance> out = new HashMap<>();
            m.forEach((ip, served) -> out.put(inet(ip), served));
            byInet.put(net, Map.copyOf(out));
        });
        return new Snapshot(nets, Map.copyOf(byInet));
    }

    private List<Path> instanceDirs() {
        Path root = instances.instancesDir();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (var s = Files.list(root)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", root, e.getMessage());
            return List.of();
        }
    }

    /** The instance, re-read when its files changed; empty while it has no record or no saved metadata. */
    private Optional<Loaded> load(String name, Path dir) {
        String fp = fingerprint(dir);
        Loaded cached = cache.get(name);
        if (cached != null && cached.fingerprint().equals(fp)) {
            return Optional.of(cached);
        }
        cache.remove(name);
        if (fp.isEmpty()) {
            return Optional.empty();
        }
        try {
            Optional<InstanceRecord> record = instances.find(InstanceName.of(name));
            Optional<InstanceMetadata> md = MetadataFile.read(dir);
            if (record.isEmpty() || md.isEmpty()) {
                return Optional.empty();
            }
            boolean fetched = MetadataEvents.read(dir).firstFetch().isPresent();
            ServedInstance served = new ServedInstance(name, dir, MetadataHttpView.of(md.get()),
                    new AtomicBoolean(fetched));
            Loaded l = new Loaded(fp, record.get(), served);
            cache.put(name, l);
            LOG.debug("serving instance {} ({} bytes)", name, served.view().contentBytes());
            return Optional.of(l);
        } catch (RuntimeException e) {
            LOG.warn("instance {} is not served: {}", name, e.getMessage());
            return Optional.empty();
        }
    }

    /** Size and mtime of instance.json and metadata.json; empty when either is missing. */
    private static String fingerprint(Path dir) {
        StringBuilder sb = new StringBuilder();
        for (String f : List.of("instance.json", MetadataFile.FILE_NAME)) {
            try {
                BasicFileAttributes a = Files.readAttributes(dir.resolve(f), BasicFileAttributes.class);
                sb.append(a.size()).append('/').append(a.lastModifiedTime().toMillis()).append('/')
                        .append(a.fileKey()).append(';');
            } catch (IOException e) {
                return "";
            }
        }
        return sb.toString();
    }

    private static InetAddress inet(IpAddress ip) {
        try {
            return InetAddress.getByAddress(ip.bytes());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("an address of 4 or 16 bytes is always valid", e);
        }
    }

    private static Set<IpAddress> sources(InstanceRecord.Nic nic) {
        Set<IpAddress> out = new HashSet<>();
        nic.ip().ifPresent(out::add);
        nic.ip6().ifPresent(out::add);
        out.add(Ipv6Prefix.linkLocal(nic.mac()));
        return out;
    }
}
