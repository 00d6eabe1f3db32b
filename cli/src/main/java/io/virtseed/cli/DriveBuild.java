package io.virtseed.cli;

import io.virtseed.configdrive.ConfigDrives;
import io.virtseed.core.error.SpecException;
import io.virtseed.core.lifecycle.DriveContent;
import io.virtseed.core.lifecycle.NicPlanner;
import io.virtseed.core.lifecycle.Networks;
import io.virtseed.core.metadata.InstanceMetadata;
import io.virtseed.core.ports.ConfigDriveWriter;
import io.virtseed.core.spec.InstanceSpec;
import io.virtseed.core.spec.InstanceUuids;
import io.virtseed.core.spec.NetworkSpec;
import io.virtseed.core.spec.NicSpec;
import io.virtseed.core.spec.Plan;
import io.virtseed.core.spec.SpecLoader;
import io.virtseed.core.state.DeferredSecureRandom;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * {@code virtseed drive build}: the build itself, for the picocli command and for {@link Main}'s
 * way around picocli. A drive is what scripts and image pipelines call once per guest; reading the
 * arguments with picocli (whose class files the JDK's AOT cache cannot hold) was a third of the
 * command. Only the plain spellings of the ISO and NoCloud builds are read here (the global
 * options and {@code FILE -o OUT --format --uuid --reproducible --force}, each at most once, values
 * not starting with {@code -} or {@code @}); everything else, help and every usage error included,
 * goes to picocli, which {@code DriveBuildTest} holds this reading to.
 */
record DriveBuild(Path file, Path out, DriveCommand.Format format, UUID uuid, boolean reproducible, boolean force) {

    /** The arguments read without picocli: the build and the one global option that matters to it. */
    record Direct(DriveBuild build, boolean verbose) {
    }

    /** Builds the drive and prints its one line to {@code out}; a bad spec or target throws {@link SpecException}. */
    int run(ConfigDriveWriter writer, PrintWriter stdout) throws IOException {
        Plan plan = SpecLoader.forDrivesOnly().load(file);
        if (plan.instances().size() != 1) {
            throw new SpecException(file + ": drive build needs a spec with exactly one instance, it has "
                    + plan.instances().size());
        }
        if (Files.exists(out) && !force) {
            throw new SpecException(out + " exists; pass --force to overwrite it");
        }
        if (out.getParent() != null && !Files.isDirectory(out.toAbsolutePath().getParent())) {
            throw new SpecException("folder " + out.toAbsolutePath().getParent() + " does not exist");
        }
        InstanceSpec spec = plan.single();
        Map<String, NetworkSpec> nets = new LinkedHashMap<>();
        plan.networks().forEach(n -> nets.put(n.name(), n));
        // the implicit NIC on 'default' only means something once 'up' allocates it: no MAC to write yet
        List<NicSpec> nics = spec.networks().size() == 1 && spec.networks().get(0).isDhcpOnly(Networks.DEFAULT)
                && !nets.containsKey(Networks.DEFAULT) ? List.of() : spec.networks();
        UUID id = uuid != null ? uuid : InstanceUuids.of(spec);
        // reproducible: every random choice is drawn from the uuid, so nothing differs between two runs
        RandomGenerator macs = reproducible ? new Random(id.getMostSignificantBits() ^ id.getLeastSignificantBits())
                : new DeferredSecureRandom();
        byte[] seed = reproducible ? DriveContent.seedFrom(id) : DriveContent.freshSeed();
        InstanceMetadata md = InstanceMetadata.from(spec, id, new NicPlanner(macs).plan(nics, nets), seed);
        DriveContent drive = DriveContent.of(md, format.datasource);
        drive.writeTo(writer, out);
        stdout.println(out + ": " + format.name().toLowerCase(Locale.ROOT) + " drive, " + drive.tree().size()
                + " files, instance " + md.uuid());
        return ExitCodes.OK;
    }

    /**
     * Runs a build read by {@link #parse} as the picocli command does, with the same messages and
     * exit codes. No logging is set up: the ISO and NoCloud writers log nothing (the FAT writer
     * does, which is why {@code vfat} is left to picocli).
     */
    static int runDirect(Direct direct, PrintWriter out, PrintWriter err) {
        try {
            return direct.build().run(new ConfigDrives(), out);
        } catch (Exception e) {
            return ErrorReport.print(e, direct.verbose(), err);
        } finally {
            out.flush();
        }
    }

    /** The build when the arguments are a {@code drive build} in a spelling this reader knows; empty otherwise. */
    static Optional<Direct> parse(String[] args, Map<String, String> env) {
        if ("".equals(env.get(DirectLs.STATE_DIR_ENV)) || "".equals(env.get(DirectLs.CONNECT_ENV))) {
            return Optional.empty(); // picocli's defaults then differ: its reading decides
        }
        Map<String, String> values = new LinkedHashMap<>(); // option name (its long form) -> value
        List<String> words = new java.util.ArrayList<>(); // drive, build, FILE
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            String key = switch (name) {
                case "-v", "--verbose" -> "--verbose";
                case "-q", "--quiet" -> "--quiet";
                case "-o", "--output" -> "--output";
                case "--state-dir", "--connect", "--format", "--uuid", "--reproducible", "--force" -> name;
                default -> null;
            };
            if (key == null) {
                if (a.startsWith("-") || a.startsWith("@") || value != null || words.size() == 3) {
                    return Optional.empty();
                }
                words.add(a);
                if (!words.get(0).equals("drive") || words.size() > 1 && !words.get(1).equals("build")) {
                    return Optional.empty();
                }
                continue;
            }
            boolean flag = switch (key) {
                case "--verbose", "--quiet", "--reproducible", "--force" -> true;
                default -> false;
            };
            boolean buildOption = !key.equals("--verbose") && !key.equals("--quiet") && !key.equals("--state-dir")
                    && !key.equals("--connect");
            if (buildOption && words.size() < 2) {
                return Optional.empty(); // an option of build before the word build: picocli's to refuse
            }
            if (flag) {
                if (value != null) {
                    return Optional.empty();
                }
                value = "";
            } else if (value == null) {
                if (i + 1 == args.length) {
                    return Optional.empty();
                }
                value = args[++i];
            }
            if (!flag && (value.isEmpty() || value.startsWith("-") || value.startsWith("@"))) {
                return Optional.empty(); // values picocli could read another way
            }
            if (values.putIfAbsent(key, value) != null) {
                return Optional.empty(); // picocli refuses an option given twice
            }
        }
        if (words.size() != 3 || !values.containsKey("--output")) {
            return Optional.empty();
        }
        Optional<DriveCommand.Format> format = format(values.getOrDefault("--format", "iso"));
        Optional<UUID> uuid = Optional.empty();
        if (values.containsKey("--uuid")) {
            try {
                uuid = Optional.of(UUID.fromString(values.get("--uuid")));
            } catch (IllegalArgumentException e) {
                return Optional.empty(); // picocli says what is wrong with it
            }
        }
        if (format.isEmpty() || format.get() == DriveCommand.Format.VFAT) {
            return Optional.empty();
        }
        DriveBuild build = new DriveBuild(Path.of(words.get(2)), Path.of(values.get("--output")), format.get(),
                uuid.orElse(null), values.containsKey("--reproducible"), values.containsKey("--force"));
        return Optional.of(new Direct(build, values.containsKey("--verbose")));
    }

    /** picocli reads enum values case-insensitively here ({@code Main} allows it). */
    private static Optional<DriveCommand.Format> format(String text) {
        for (DriveCommand.Format f : DriveCommand.Format.values()) {
            if (f.name().equals(text.toUpperCase(Locale.ROOT))) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
