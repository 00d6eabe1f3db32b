package io.virtseed.libvirt.design;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Host-wide choices the {@link DomainDesigner} does not derive from a request.
 *
 * <pre>{@code new DomainDesigner(DesignerSettings.defaults(), stateRoot)}</pre>
 *
 * @param arch           guest architecture, e.g. {@code x86_64}
 * @param productVersion the SMBIOS system version shown to the guest
 * @param emulator       a QEMU binary to use; absent lets libvirt choose
 */
public record DesignerSettings(String arch, String productVersion, Optional<Path> emulator) {

    public DesignerSettings {
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(productVersion, "productVersion");
        Objects.requireNonNull(emulator, "emulator");
    }

    /** x86_64, this build's version (or {@code dev} when run from classes), libvirt's emulator. */
    public static DesignerSettings defaults() {
        String version = Optional.ofNullable(DesignerSettings.class.getPackage().getImplementationVersion())
                .orElse("dev");
        return new DesignerSettings("x86_64", version, Optional.empty());
    }
}
