package io.virtseed.core.spec;

import io.virtseed.core.error.SpecException;
import io.virtseed.core.metadata.SshPublicKey;
import io.virtseed.core.ssh.SshUsers;
import io.virtseed.core.value.ImageName;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.Ipv4Cidr;
import io.virtseed.core.value.Ipv6Prefix;
import io.virtseed.core.value.MemorySize;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a spec file (one instance, or a plan of instances and networks) strictly: an unknown
 * key, a wrong type or a bad value is a {@link SpecException} naming file, line, column and key.
 * Relative paths resolve against the spec file's folder; referenced files are read here.
 *
 * <pre>{@code
 * Plan plan = new SpecLoader().load(Path.of("samples/hello.yaml"));
 * }</pre>
 */
public final class SpecLoader {

    private static final int MAX_SPEC_BYTES = 4 << 20;

    private final boolean imageRequired;
    private final Function<String, Optional<String>> imageNameProblem;
    private final boolean bootFilesChecked;

    /** A loader for specs that boot: {@code image} is required and, when a path, must exist. */
    public SpecLoader() {
        this(true, name -> Optional.empty(), true);
    }

    private SpecLoader(boolean imageRequired, Function<String, Optional<String>> imageNameProblem,
            boolean bootFilesChecked) {
        this.imageRequired = imageRequired;
        this.imageNameProblem = imageNameProblem;
        this.bootFilesChecked = bootFilesChecked;
    }

    /**
     * A loader for removing what a spec made ({@code down FILE}): the names are what count, so
     * neither the image nor boot files are looked at; they may have been moved or deleted since.
     */
    public static SpecLoader forRemoval() {
        return new SpecLoader(false, name -> Optional.empty(), false);
    }

    /**
     * A loader that also asks whether an image name is known; the function returns empty for a
     * known name, else what is wrong, which becomes an error at the {@code image:} line.
     */
    public static SpecLoader checkingImageNames(Function<String, Optional<String>> imageNameProblem) {
        return new SpecLoader(true, imageNameProblem, true);
    }

    /** A loader for building drives only: {@code image} may be absent and is not looked at. */
    public static SpecLoader forDrivesOnly() {
        return new SpecLoader(false, name -> Optional.empty(), true);
    }

    public Plan load(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        byte[] bytes;
        try {
            if (Files.size(abs) > MAX_SPEC_BYTES) {
                throw new SpecException(file + ": spec file is larger than " + (MAX_SPEC_BYTES >> 20) + " MiB");
            }
            bytes = Files.readAllBytes(abs);
        } catch (IOException e) {
            throw new SpecException(file + ": cannot read spec file: " + e.getMessage(), e);
        }
        return parse(new String(bytes, StandardCharsets.UTF_8), file, abs.getParent());
    }

    /** Parses spec text; {@code displayName} appears in errors, {@code baseDir} resolves paths. */
    public Plan parse(String yaml, Path displayName, Path baseDir) {
        Node root;
        try (Reader r = new StringReader(yaml)) {
            LoaderOptions opts = new LoaderOptions();
            opts.setAllowDuplicateKeys(false);
            opts.setMaxAliasesForCollections(20);
            opts.setCodePointLimit(MAX_SPEC_BYTES);
            // what Yaml#compose does, without the object constructor that Yaml builds first: it
            // sets up java.util.logging (its configuration, handlers and resource bundles: 20 to
            // 40 ms of a drive build or an up) and nodes are all virtseed reads
            root = new Composer(new ParserImpl(new StreamReader(r), opts), new Resolver(), opts).getSingleNode();
        } catch (MarkedYAMLException e) {
            var m = e.getProblemMark();
            throw new SpecException(displayName + ":" + (m == null ? "?" : (m.getLine() + 1) + ":" + (m.getColumn() + 1))
                    + ": not valid YAML: " + e.getProblem(), e);
        } catch (YAMLException | IOException e) {
            throw new SpecException(displayName + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            throw new SpecException(displayName + ": the spec is empty");
        }
        var ctx = new SpecContext(displayName, baseDir);
        SpecNode top = new SpecNode(displayName, "", root);
        if (top.has("instances")) {
            return readPlan(top, ctx);
        }
        InstanceSpec one = readInstance(top, ctx, Map.of());
        return new Plan(List.of(), List.of(one));
    }

    private Plan readPlan(SpecNode top, SpecContext ctx) {
        List<NetworkSpec> networks = new ArrayList<>();
        List<Node> netNodes = top.list("networks");
        for (int i = 0; i < netNodes.size(); i++) {
            networks.add(readNetwork(top.item("networks", i, netNodes.get(i))));
        }
        Map<String, NetworkSpec> byName = new LinkedHashMap<>();
        networks.forEach(n -> byName.put(n.name(), n));
        List<InstanceSpec> instances = new ArrayList<>();
        List<Node> instNodes = top.list("instances");
        if (instNodes.isEmpty()) {
            throw top.error("instances", "a plan needs at least one instance");
        }
        for (int i = 0; i < instNodes.size(); i++) {
            instances.add(readInstance(top.item("instances", i, instNodes.get(i)), ctx, byName));
        }
        top.rejectUnknownKeys();
        try {
            return new Plan(networks, instances);
        } catch (IllegalArgumentException e) {
            throw new SpecException(ctx.file() + ": " + e.getMessage(), e);
        }
    }

    private NetworkSpec readNetwork(SpecNode n) {
        String name = n.requiredString("name");
        Ipv4Cidr cidr = SpecValues.value(n, "cidr", Ipv4Cidr::parse).orElseThrow(() -> n.error("cidr", "is required"));
        Optional<Ipv6Prefix> cidr6 = SpecValues.value(n, "cidr6", Ipv6Prefix::parse);
        NetworkMode mode = n.string("mode").map(m -> enumValue(n, "mode", m, NetworkMode.class))
                .orElse(NetworkMode.ISOLATED);
        Optional<String> bridge = n.string("bridge");
        List<IpAddress> dns = addresses(n, "dns");
        List<IpAddress> ntp = addresses(n, "ntp");
        Optional<String> domain = n.string("domain");
        OptionalInt mtu = n.integer("mtu").map(OptionalInt::of).orElse(OptionalInt.empty());
        boolean dhcp = n.bool("dhcp").orElse(mode != NetworkMode.BRIDGED);
        n.rejectUnknownKeys();
        try {
            return new NetworkSpec(name, cidr, cidr6, mode, bridge, dns, domain, mtu, ntp, dhcp);
        } catch (IllegalArgumentException e) {
            throw n.error("name", e.getMessage());
        }
    }

    private static List<IpAddress> addresses(SpecNode n, String key) {
        List<IpAddress> out = new ArrayList<>();
        for (String d : n.stringList(key)) {
            out.add(SpecValues.value(n, key, d, IpAddress::parse));
        }
        return out;
    }

    private InstanceSpec readInstance(SpecNode n, SpecContext ctx, Map<String, NetworkSpec> networks) {
        // each key is read on its own and a failed one leaves a default, so one run names every fault
        SpecErrors errors = new SpecErrors();
        Optional<InstanceName> name = errors.attemptOptional(() -> SpecValues.value(n, "name", InstanceName::of));
        if (name.isEmpty() && errors.count() == 0) {
            errors.add(n.error("name", "is required"));
        }
        ImageRef image = errors.attempt(() -> readImage(n, ctx)).orElse(new ImageRef.Absent());
        int cpus = errors.attempt(() -> {
            int c = n.integer("cpus").orElse(1);
            InstanceSpec.cpusProblem(c).ifPresent(problem -> {
                throw n.error("cpus", problem);
            });
            return c;
        }).orElse(1);
        MemorySize memory = errors.attempt(() -> {
            MemorySize m = SpecValues.value(n, "memory", MemorySize::parse).orElse(MemorySize.ofGiB(1));
            InstanceSpec.memoryProblem(m).ifPresent(problem -> {
                throw n.error("memory", problem);
            });
            return m;
        }).orElse(MemorySize.ofGiB(1));
        Optional<MemorySize> disk = errors.attemptOptional(() -> SpecValues.value(n, "disk", MemorySize::parse));
        MachineType machine = errors.attempt(() -> n.string("machine")
                .map(m -> enumValue(n, "machine", m, MachineType.class)).orElse(MachineType.PC)).orElse(MachineType.PC);
        Accel accel = errors.attempt(() -> n.string("accel").map(a -> enumValue(n, "accel", a, Accel.class))
                .orElse(Accel.AUTO)).orElse(Accel.AUTO);
        Firmware firmware = errors.attempt(() -> n.string("firmware")
                .map(f -> enumValue(n, "firmware", f, Firmware.class)).orElse(Firmware.BIOS)).orElse(Firmware.BIOS);
        Optional<BootSpec> boot = errors.attemptOptional(() -> n.child("boot").map(b -> readBoot(b, ctx)));
        String fallbackHost = name.map(InstanceName::value).orElse("x");
        String hostname = errors.attempt(() -> {
            String h = n.string("hostname").orElse(fallbackHost);
            checkHostname(n, h);
            return h;
        }).orElse(fallbackHost);
        List<String> keys = errors.attempt(() -> {
            List<String> k = n.stringList("ssh_keys");
            for (int i = 0; i < k.size(); i++) {
                try {
                    SshPublicKey.parse(k.get(i));
                } catch (SpecException e) {
                    throw n.error("ssh_keys", "key " + (i + 1) + " is not an OpenSSH public key: " + e.getMessage());
                }
            }
            return k;
        }).orElse(List.of());
        Optional<String> sshUser = errors.attemptOptional(() -> n.string("ssh_user").map(u -> {
            SshUsers.problem(u).ifPresent(problem -> {
                throw n.error("ssh_user", problem);
            });
            return u;
        }));
        Optional<String> password = errors.attemptOptional(() -> n.string("password"));
        Map<String, String> meta = errors.attempt(() -> GuestContent.meta(n)).orElse(Map.of());
        List<FileSpec> files = errors.attempt(() -> GuestContent.files(n, ctx)).orElse(List.of());
        Optional<byte[]> userData = errors.attemptOptional(() -> GuestContent.userData(n, ctx));
        Map<String, Object> vendorData = errors.attempt(() -> GuestContent.vendorData(n)).orElse(Map.of());
        Datasource datasource = errors.attempt(() -> SpecValues.value(n, "datasource", Datasource::fromSpecName)
                .orElse(Datasource.CONFIGDRIVE)).orElse(Datasource.CONFIGDRIVE);
        // no networks: key -> one DHCP NIC on the default network; "networks: []" -> no NIC at all
        List<NicSpec> nics = errors.attempt(() -> n.has("networks") ? GuestContent.nics(n, networks)
                : List.of(NicSpec.dhcpOn("default"))).orElse(List.of());
        Optional<UUID> uuid = errors.attemptOptional(() -> n.string("uuid").map(u -> {
            InstanceUuids.problem(u).ifPresent(problem -> {
                throw n.error("uuid", problem);
            });
            return UUID.fromString(u);
        }));
        errors.check(n::rejectUnknownKeys);
        errors.throwIfAny();
        try {
            return new InstanceSpec(name.orElseThrow(), image, cpus, memory, disk, machine, accel, boot, hostname, keys,
                    password, meta, files, userData, vendorData, datasource, nics, firmware, uuid, sshUser);
        } catch (IllegalArgumentException e) {
            throw n.error("name", e.getMessage());
        }
    }

    private ImageRef readImage(SpecNode n, SpecContext ctx) {
        if (!imageRequired && !n.has("image")) {
            return new ImageRef.Absent();
        }
        String text = n.requiredString("image");
        ImageRef image;
        try {
            image = ImageRef.parse(text, ctx.baseDir());
        } catch (IllegalArgumentException e) {
            if (!imageRequired) {
                return new ImageRef.Absent(); // a drive does not look at the image
            }
            throw n.error("image", e.getMessage());
        }
        if (!imageRequired) {
            return image;
        }
        // instanceof, not a pattern switch: its bootstrap spins classes at run time, ms of every up
        if (image instanceof ImageRef.File f) {
            SpecValues.requireRegularFile(n, "image", f.path());
        } else if (image instanceof ImageRef.Named) {
            imageNameProblem.apply(text).ifPresent(problem -> {
                Path beside = ctx.resolve(text);
                throw n.error("image", Files.isRegularFile(beside)
                        ? problem + " (for the file next to the spec, write image: ./" + text + ")" : problem);
            });
        } else {
            throw new IllegalStateException("parse never reads an absent image");
        }
        return image;
    }

    private BootSpec readBoot(SpecNode b, SpecContext ctx) {
        Path kernel = ctx.resolve(b.requiredString("kernel"));
        Optional<Path> initrd = b.string("initrd").map(ctx::resolve);
        if (bootFilesChecked) {
            SpecValues.requireRegularFile(b, "kernel", kernel);
            initrd.ifPresent(p -> SpecValues.requireRegularFile(b, "initrd", p));
        }
        String cmdline = b.string("cmdline").orElse("");
        b.rejectUnknownKeys();
        try {
            return new BootSpec(kernel, initrd, cmdline);
        } catch (IllegalArgumentException e) {
            throw b.error("cmdline", e.getMessage());
        }
    }

    private static void checkHostname(SpecNode n, String hostname) {
        Hostnames.problem(hostname).ifPresent(problem -> {
            throw n.error("hostname", "'" + hostname + "' " + problem);
        });
    }

    private static <E extends Enum<E>> E enumValue(SpecNode n, String key, String text, Class<E> type) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(text)) {
                return e;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            allowed.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw n.error(key, "'" + text + "' is not allowed; use one of " + String.join(", ", allowed));
    }
}
