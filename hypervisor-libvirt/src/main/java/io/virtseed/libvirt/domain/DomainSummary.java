package io.virtseed.libvirt.domain;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What virtseed reads back from any domain's XML, ours or not: enough to tell ours from others'
 * and to find the files a domain uses. libvirt adds much to what we write (addresses, aliases,
 * controllers); none of it appears here.
 *
 * <pre>{@code DomainSummary s = new DomainXmlReader().read(xml); if (s.ownership().isPresent()) ...}</pre>
 *
 * @param consoleLog the file serial port 0 (or else the console) writes to, when it is a file
 */
public record DomainSummary(String name, UUID uuid, Optional<Ownership> ownership, List<DiskSummary> disks,
        Optional<Path> consoleLog, List<NicSummary> nics) {

    public DomainSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(ownership, "ownership");
        disks = List.copyOf(disks);
        Objects.requireNonNull(consoleLog, "consoleLog");
        nics = List.copyOf(nics);
    }

    /** The summary a reader should produce from the XML {@link DomainXmlWriter} writes for {@code d}. */
    public static DomainSummary of(Domain d) {
        List<DiskSummary> disks = d.devices().disks().stream()
                .map(k -> new DiskSummary(k.device().xml(), Optional.of(k.source()), k.targetDev(), k.bus().xml(),
                        k.readonly()))
                .toList();
        List<NicSummary> nics = d.devices().interfaces().stream()
                .map(n -> new NicSummary(n.type(), Optional.of(source(n)), Optional.of(n.mac().value()),
                        Optional.of(n.model().xml())))
                .toList();
        return new DomainSummary(d.name(), d.uuid(), d.ownership(), disks,
                d.devices().serial().map(SerialConsole::logFile), nics);
    }

    private static String source(NetInterface n) {
        return switch (n) {
            case BridgeInterface b -> b.bridge();
        };
    }

    /** One {@code <disk>}: device kind, backing file (absent for an empty cdrom), target and flags. */
    public record DiskSummary(String device, Optional<Path> source, String targetDev, String bus, boolean readonly) {
        public DiskSummary {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(targetDev, "targetDev");
            Objects.requireNonNull(bus, "bus");
        }
    }

    /**
     * One {@code <interface>}. Values are kept as libvirt wrote them, since foreign domains may use
     * interface types and addresses virtseed never makes.
     *
     * @param source the bridge or network name, when the type has one
     */
    public record NicSummary(String type, Optional<String> source, Optional<String> mac, Optional<String> model) {
        public NicSummary {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(mac, "mac");
            Objects.requireNonNull(model, "model");
        }
    }
}
