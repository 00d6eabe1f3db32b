package io.virtseed.libvirt.domain;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The part of a libvirt domain definition virtseed emits. The model carries no defaults and
 * no policy: every value is chosen by the caller (normally {@code DomainDesigner}) and written
 * as is by {@link DomainXmlWriter}.
 *
 * <pre>{@code String xml = new DomainXmlWriter().write(domain);}</pre>
 *
 * @param memoryKib guest memory in KiB, written as {@code <memory unit='KiB'>}
 * @param ownership virtseed's tag in {@code <metadata>}; absent for domains made by others
 */
public record Domain(DomainType type, String name, UUID uuid, long memoryKib, int vcpus, OsConfig os,
        Features features, CpuConfig cpu, Optional<SmbiosSystem> sysinfo, Lifecycle lifecycle, Devices devices,
        Optional<Ownership> ownership) {

    public Domain {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(sysinfo, "sysinfo");
        Objects.requireNonNull(lifecycle, "lifecycle");
        Objects.requireNonNull(devices, "devices");
        Objects.requireNonNull(ownership, "ownership");
        if (name.isBlank()) {
            throw new IllegalArgumentException("domain name must not be blank");
        }
        if (memoryKib <= 0 || vcpus <= 0) {
            throw new IllegalArgumentException("domain '" + name + "' needs memory and vcpus above 0, got "
                    + memoryKib + " KiB and " + vcpus + " vcpus");
        }
    }
}
