package io.virtseed.core.ports;

import io.virtseed.core.spec.BootSpec;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.MemorySize;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything a hypervisor needs to create one guest, with every choice already made:
 * accelerator resolved, files in place, NICs bound to bridges.
 *
 * @param configDrive the drive image and its format, when the instance has one
 * @param consoleLog  file the serial console is written to
 * @param uefiVars    for UEFI firmware, the guest's own variable store (NVRAM), which the hypervisor
 *                    makes from its template on first start; absent for BIOS
 */
public record MachineRequest(InstanceName name, UUID uuid, int cpus, MemorySize memory, MachineType machine,
        boolean kvm, Path rootDisk, Optional<AttachedDrive> configDrive, Path consoleLog, Optional<BootSpec> boot,
        List<NicAttachment> nics, Optional<Path> uefiVars) {

    public MachineRequest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(rootDisk, "rootDisk");
        Objects.requireNonNull(configDrive, "configDrive");
        Objects.requireNonNull(consoleLog, "consoleLog");
        Objects.requireNonNull(boot, "boot");
        nics = List.copyOf(nics);
        Objects.requireNonNull(uefiVars, "uefiVars");
    }

    /** A BIOS guest. */
    public MachineRequest(InstanceName name, UUID uuid, int cpus, MemorySize memory, MachineType machine, boolean kvm,
            Path rootDisk, Optional<AttachedDrive> configDrive, Path consoleLog, Optional<BootSpec> boot,
            List<NicAttachment> nics) {
        this(name, uuid, cpus, memory, machine, kvm, rootDisk, configDrive, consoleLog, boot, nics, Optional.empty());
    }

    /** A config drive image file and how it is laid out. */
    public record AttachedDrive(Path path, DriveFormat format) {
        public AttachedDrive {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(format, "format");
        }
    }
}
