package io.virtseed.core.spec;

import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.MemorySize;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the user asks for one instance: the validated, path-resolved form of a spec file.
 * Built by {@link SpecLoader}; relative paths are already resolved against the spec's folder
 * and {@code user_data_file} / {@code files[].source} already read.
 *
 * <pre>{@code
 * InstanceSpec spec = new SpecLoader().load(Path.of("vm.yaml")).single();
 * }</pre>
 */
public record InstanceSpec(
        InstanceName name,
        String image,
        int cpus,
        MemorySize memory,
        Optional<MemorySize> disk,
        MachineType machine,
        Accel accel,
        Optional<BootSpec> boot,
        String hostname,
        List<String> sshKeys,
        Optional<String> password,
        Map<String, String> meta,
        List<FileSpec> files,
        Optional<byte[]> userData,
        Map<String, Object> vendorData,
        Datasource datasource,
        List<NicSpec> networks) {

    public InstanceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(disk, "disk");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(accel, "accel");
        Objects.requireNonNull(boot, "boot");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(userData, "userData");
        Objects.requireNonNull(datasource, "datasource");
        if (cpus < 1 || cpus > 256) {
            throw new IllegalArgumentException("cpus must be 1 to 256, not " + cpus);
        }
        if (memory.bytes() < MemorySize.ofMiB(64).bytes()) {
            throw new IllegalArgumentException("memory " + memory + " is too small: at least 64MiB");
        }
        sshKeys = List.copyOf(sshKeys);
        meta = Map.copyOf(meta);
        files = List.copyOf(files);
        userData = userData.map(byte[]::clone);
        vendorData = Map.copyOf(vendorData);
        networks = List.copyOf(networks);
    }

    @Override
    public Optional<byte[]> userData() {
        return userData.map(byte[]::clone);
    }

    /** A minimal spec with the documented defaults, for tests and the Java API. */
    public static InstanceSpec defaults(String name, String image) {
        return new InstanceSpec(InstanceName.of(name), image, 1, MemorySize.ofGiB(1), Optional.empty(), MachineType.PC,
                Accel.AUTO, Optional.empty(), name, List.of(), Optional.empty(), Map.of(), List.of(), Optional.empty(),
                Map.of(), Datasource.CONFIGDRIVE, List.of());
    }

    public InstanceSpec withBoot(Optional<BootSpec> newBoot) {
        return new InstanceSpec(name, image, cpus, memory, disk, machine, accel, newBoot, hostname, sshKeys, password,
                meta, files, userData, vendorData, datasource, networks);
    }

    public InstanceSpec withUserData(byte[] data) {
        return new InstanceSpec(name, image, cpus, memory, disk, machine, accel, boot, hostname, sshKeys, password,
                meta, files, Optional.of(data), vendorData, datasource, networks);
    }

    public InstanceSpec withDatasource(Datasource ds) {
        return new InstanceSpec(name, image, cpus, memory, disk, machine, accel, boot, hostname, sshKeys, password,
                meta, files, userData, vendorData, ds, networks);
    }

    public InstanceSpec withMachine(MachineType m) {
        return new InstanceSpec(name, image, cpus, memory, disk, m, accel, boot, hostname,
                sshKeys, password, meta, files, userData, vendorData, datasource, networks);
    }

    public InstanceSpec withNetworks(List<NicSpec> nics) {
        return new InstanceSpec(name, image, cpus, memory, disk, machine, accel, boot, hostname, sshKeys, password,
                meta, files, userData, vendorData, datasource, nics);
    }

    @Override
    public String toString() {
        // never print the password or the user data: they may hold secrets
        return "InstanceSpec[" + name + ", image=" + image + ", cpus=" + cpus + ", memory=" + memory + ", machine="
                + machine + ", datasource=" + datasource.specName() + "]";
    }
}
