package io.virtseed.core.spec;

import io.virtseed.core.ssh.SshUsers;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.MemorySize;
import java.util.List;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What the user asks for one instance: the validated, path-resolved form of a spec file.
 * Built by {@link SpecLoader}; relative paths are already resolved against the spec's folder
 * and {@code user_data_file} / {@code files[].source} already read.
 *
 * @param image what {@code image:} refers to ({@link ImageRef}: a stored image, a file, or absent)
 * @param uuid  the instance uuid the spec gives ({@code uuid:}); see {@link InstanceUuids}
 * @param sshUser the login {@code virtseed ssh} uses ({@code ssh_user:}); empty: the image's default user
 *
 * <pre>{@code
 * InstanceSpec spec = new SpecLoader().load(Path.of("vm.yaml")).single();
 * }</pre>
 */
public record InstanceSpec(
        InstanceName name,
        ImageRef image,
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
        List<NicSpec> networks,
        Firmware firmware,
        Optional<UUID> uuid,
        Optional<String> sshUser) {

    /** The most vCPUs a spec may ask for. */
    public static final int MAX_CPUS = 256;
    /** The least memory a spec may ask for: below it no cloud image boots. */
    public static final MemorySize MIN_MEMORY = MemorySize.ofMiB(64);

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
        Objects.requireNonNull(firmware, "firmware");
        Objects.requireNonNull(uuid, "uuid");
        sshUser.flatMap(SshUsers::problem).ifPresent(p -> {
            throw new IllegalArgumentException("ssh_user " + p);
        });
        uuid.flatMap(u -> InstanceUuids.problem(u.toString())).ifPresent(p -> {
            throw new IllegalArgumentException("uuid " + p);
        });
        cpusProblem(cpus).ifPresent(p -> {
            throw new IllegalArgumentException("cpus " + p);
        });
        memoryProblem(memory).ifPresent(p -> {
            throw new IllegalArgumentException("memory " + p);
        });
        sshKeys = List.copyOf(sshKeys);
        meta = Map.copyOf(meta);
        files = List.copyOf(files);
        userData = userData.map(byte[]::clone);
        vendorData = Map.copyOf(vendorData);
        networks = List.copyOf(networks);
    }

    /** A spec with BIOS firmware and no fixed uuid, the defaults. */
    public InstanceSpec(InstanceName name, ImageRef image, int cpus, MemorySize memory, Optional<MemorySize> disk,
            MachineType machine, Accel accel, Optional<BootSpec> boot, String hostname, List<String> sshKeys,
            Optional<String> password, Map<String, String> meta, List<FileSpec> files, Optional<byte[]> userData,
            Map<String, Object> vendorData, Datasource datasource, List<NicSpec> networks) {
        this(name, image, cpus, memory, disk, machine, accel, boot, hostname, sshKeys, password, meta, files, userData,
                vendorData, datasource, networks, Firmware.BIOS, Optional.empty());
    }

    /** A spec whose login is the image's default user. */
    public InstanceSpec(InstanceName name, ImageRef image, int cpus, MemorySize memory, Optional<MemorySize> disk,
            MachineType machine, Accel accel, Optional<BootSpec> boot, String hostname, List<String> sshKeys,
            Optional<String> password, Map<String, String> meta, List<FileSpec> files, Optional<byte[]> userData,
            Map<String, Object> vendorData, Datasource datasource, List<NicSpec> networks, Firmware firmware,
            Optional<UUID> uuid) {
        this(name, image, cpus, memory, disk, machine, accel, boot, hostname, sshKeys, password, meta, files, userData,
                vendorData, datasource, networks, firmware, uuid, Optional.empty());
    }

    /** Empty when {@code cpus} is allowed, else what is wrong, phrased to follow the key. */
    public static Optional<String> cpusProblem(int cpus) {
        return cpus >= 1 && cpus <= MAX_CPUS ? Optional.empty()
                : Optional.of("must be 1 to " + MAX_CPUS + ", not " + cpus);
    }

    /** Empty when {@code memory} is allowed, else what is wrong, phrased to follow the key. */
    public static Optional<String> memoryProblem(MemorySize memory) {
        return memory.compareTo(MIN_MEMORY) >= 0 ? Optional.empty()
                : Optional.of(memory + " is too small: at least " + MIN_MEMORY);
    }

    @Override
    public Optional<byte[]> userData() {
        return userData.map(byte[]::clone);
    }

    /**
     * A minimal spec with the documented defaults, for tests and the Java API; {@code image} is
     * read as in a spec file ({@link ImageRef}), a relative path against the working folder.
     */
    public static InstanceSpec defaults(String name, String image) {
        return builder(InstanceName.of(name), image).build();
    }

    /** A builder with the documented defaults; the hostname defaults to the name. */
    public static Builder builder(InstanceName name, ImageRef image) {
        return new Builder(name, image);
    }

    /** As {@link #builder(InstanceName, ImageRef)}, the image read by {@link ImageRef#ofText}. */
    public static Builder builder(InstanceName name, String image) {
        return new Builder(name, ImageRef.ofText(image));
    }

    /** A builder holding this spec's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public InstanceSpec withBoot(Optional<BootSpec> newBoot) {
        return toBuilder().boot(newBoot).build();
    }

    public InstanceSpec withUserData(byte[] data) {
        return toBuilder().userData(Optional.of(data)).build();
    }

    public InstanceSpec withDatasource(Datasource ds) {
        return toBuilder().datasource(ds).build();
    }

    public InstanceSpec withMachine(MachineType m) {
        return toBuilder().machine(m).build();
    }

    public InstanceSpec withNetworks(List<NicSpec> nics) {
        return toBuilder().networks(nics).build();
    }

    @Override
    public String toString() {
        // never print the password or the user data: they may hold secrets
        return "InstanceSpec[" + name + ", image=" + image + ", cpus=" + cpus + ", memory=" + memory + ", machine="
                + machine + ", firmware=" + firmware + ", datasource=" + datasource.specName() + "]";
    }

    /** Collects the components of a spec; {@link #build} validates them all at once. */
    public static final class Builder {
        private InstanceName name;
        private ImageRef image;
        private int cpus = 1;
        private MemorySize memory = MemorySize.ofGiB(1);
        private Optional<MemorySize> disk = Optional.empty();
        private MachineType machine = MachineType.PC;
        private Accel accel = Accel.AUTO;
        private Optional<BootSpec> boot = Optional.empty();
        private String hostname;
        private List<String> sshKeys = List.of();
        private Optional<String> password = Optional.empty();
        private Map<String, String> meta = Map.of();
        private List<FileSpec> files = List.of();
        private Optional<byte[]> userData = Optional.empty();
        private Map<String, Object> vendorData = Map.of();
        private Datasource datasource = Datasource.CONFIGDRIVE;
        private List<NicSpec> networks = List.of();
        private Firmware firmware = Firmware.BIOS;
        private Optional<UUID> uuid = Optional.empty();
        private Optional<String> sshUser = Optional.empty();

        private Builder(InstanceName name, ImageRef image) {
            this.name = name;
            this.image = image;
            this.hostname = name.value();
        }

        private Builder(InstanceSpec s) {
            this(s.name, s.image);
            cpus = s.cpus;
            memory = s.memory;
            disk = s.disk;
            machine = s.machine;
            accel = s.accel;
            boot = s.boot;
            hostname = s.hostname;
            sshKeys = s.sshKeys;
            password = s.password;
            meta = s.meta;
            files = s.files;
            userData = s.userData;
            vendorData = s.vendorData;
            datasource = s.datasource;
            networks = s.networks;
            firmware = s.firmware;
            uuid = s.uuid;
            sshUser = s.sshUser;
        }

        public Builder name(InstanceName v) {
            name = v;
            return this;
        }

        public Builder image(ImageRef v) {
            image = v;
            return this;
        }

        public Builder cpus(int v) {
            cpus = v;
            return this;
        }

        public Builder memory(MemorySize v) {
            memory = v;
            return this;
        }

        public Builder disk(Optional<MemorySize> v) {
            disk = v;
            return this;
        }

        public Builder machine(MachineType v) {
            machine = v;
            return this;
        }

        public Builder accel(Accel v) {
            accel = v;
            return this;
        }

        public Builder boot(Optional<BootSpec> v) {
            boot = v;
            return this;
        }

        public Builder hostname(String v) {
            hostname = v;
            return this;
        }

        public Builder sshKeys(List<String> v) {
            sshKeys = v;
            return this;
        }

        public Builder password(Optional<String> v) {
            password = v;
            return this;
        }

        public Builder meta(Map<String, String> v) {
            meta = v;
            return this;
        }

        public Builder files(List<FileSpec> v) {
            files = v;
            return this;
        }

        public Builder userData(Optional<byte[]> v) {
            userData = v;
            return this;
        }

        public Builder vendorData(Map<String, Object> v) {
            vendorData = v;
            return this;
        }

        public Builder datasource(Datasource v) {
            datasource = v;
            return this;
        }

        public Builder networks(List<NicSpec> v) {
            networks = v;
            return this;
        }

        public Builder firmware(Firmware v) {
            firmware = v;
            return this;
        }

        public Builder uuid(Optional<UUID> v) {
            uuid = v;
            return this;
        }

        public Builder sshUser(Optional<String> v) {
            sshUser = v;
            return this;
        }

        public InstanceSpec build() {
            return new InstanceSpec(name, image, cpus, memory, disk, machine, accel, boot, hostname, sshKeys, password,
                    meta, files, userData, vendorData, datasource, networks, firmware, uuid, sshUser);
        }
    }
}
