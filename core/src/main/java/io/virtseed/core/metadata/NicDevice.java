package io.virtseed.core.metadata;

import io.virtseed.core.error.SpecException;
import io.virtseed.core.value.MacAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A NIC entry of {@code meta_data.json} {@code devices} (OpenStack 2016-06-30 and later): it lets a
 * guest tell its NICs apart by tag, as nova's device tagging does.
 *
 * <pre>{@code
 * NicDevice d = new NicDevice(MacAddress.of("52:54:00:00:00:0a"), "pci", Optional.empty(), List.of("lab"));
 * }</pre>
 *
 * @param mac     the NIC's MAC
 * @param bus     pci, usb, scsi, ide or xen (nova's bus names)
 * @param address the bus address when known, PCI as {@code 0000:00:03.0}
 * @param tags    labels for the guest; nova's tag rule: 1 to 60 characters, no ',' or '/'
 */
public record NicDevice(MacAddress mac, String bus, Optional<String> address, List<String> tags) {

    private static final Set<String> BUSES = Set.of("pci", "usb", "scsi", "ide", "xen");
    private static final Pattern PCI = Pattern.compile("[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-7]");
    private static final Pattern TAG = Pattern.compile("[^,/\\p{Cntrl}]{1,60}");

    public NicDevice {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(address, "address");
        if (bus == null || !BUSES.contains(bus)) {
            throw new SpecException("device " + mac + ": bus '" + bus + "' is not one of pci, usb, scsi, ide, xen");
        }
        if ("pci".equals(bus) && address.isPresent() && !PCI.matcher(address.get()).matches()) {
            throw new SpecException("device " + mac + ": PCI address '" + address.get()
                    + "' is invalid: use domain:bus:slot.function like 0000:00:03.0");
        }
        tags = List.copyOf(tags);
        for (String tag : tags) {
            if (!TAG.matcher(tag).matches()) {
                throw new SpecException("device " + mac + ": tag '" + tag
                        + "' is invalid: use 1 to 60 characters without ',' '/' or control characters");
            }
        }
    }

    /** A PCI NIC without a known address, tagged with its network name. */
    public static NicDevice of(NicConfig nic) {
        return new NicDevice(nic.mac(), "pci", Optional.empty(), List.of(nic.network()));
    }
}
