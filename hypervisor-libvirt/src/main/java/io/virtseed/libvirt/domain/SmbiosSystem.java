package io.virtseed.libvirt.domain;

import java.util.Objects;
import java.util.UUID;

/**
 * The SMBIOS "system" table written as {@code <sysinfo type='smbios'><system>}. The guest reads
 * it from DMI; cloud-init, for one, looks at the product name to choose its datasources.
 *
 * @param uuid must equal the domain uuid, or libvirt refuses the definition
 */
public record SmbiosSystem(String manufacturer, String product, String version, String serial, UUID uuid,
        String family) {

    public SmbiosSystem {
        Objects.requireNonNull(manufacturer, "manufacturer");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(family, "family");
    }
}
