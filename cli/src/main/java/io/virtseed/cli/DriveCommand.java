package io.virtseed.cli;

import io.virtseed.configdrive.DriveInspector;
import io.virtseed.configdrive.DriveReport;
import io.virtseed.core.error.SpecException;
import io.virtseed.core.lifecycle.DriveContent;
import io.virtseed.core.lifecycle.NicPlanner;
import io.virtseed.core.lifecycle.Networks;
import io.virtseed.core.spec.NicSpec;
import io.virtseed.core.metadata.InstanceMetadata;
import io.virtseed.core.ports.ConfigDriveWriter;
import io.virtseed.core.spec.Datasource;
import io.virtseed.core.spec.InstanceSpec;
import io.virtseed.core.spec.InstanceUuids;
import io.virtseed.core.spec.NetworkSpec;
import io.virtseed.core.spec.Plan;
import io.virtseed.core.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.random.RandomGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "drive", description = "Build or inspect config drives, without libvirt.",
        subcommands = {DriveCommand.Build.class, DriveCommand.Inspect.class})
final class DriveCommand {

    /** The drive layouts {@code drive build} writes, by the datasource that reads each. */
    enum Format {
        ISO(Datasource.CONFIGDRIVE), VFAT(Datasource.CONFIGDRIVE_VFAT), NOCLOUD(Datasource.NOCLOUD);

        final Datasource datasource;

        Format(Datasource datasource) {
            this.datasource = datasource;
        }
    }

    @Command(name = "build", description = "Build the config drive a spec describes (no image or libvirt needed).")
    static final class Build extends WiredCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "Spec file with one instance.")
        Path file;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "Image to write.")
        Path out;

        @Option(names = "--format", defaultValue = "iso", description = "iso (default), vfat or nocloud.")
        Format format;

        @Option(names = "--uuid", description = "Instance uuid (default: the spec's uuid:, else one derived from the instance name).")
        UUID uuid;

        @Option(names = "--reproducible", description = "The same spec gives the same bytes: the random seed and"
                + " generated MACs follow from the instance uuid (so the seed is no secret).")
        boolean reproducible;

        @Option(names = "--force", description = "Overwrite OUT if it exists.")
        boolean force;

        @Override
        int execute(Wiring wiring) throws Exception {
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
            List<NicSpec> nics = spec.networks().equals(List.of(NicSpec.dhcpOn(Networks.DEFAULT)))
                    && !nets.containsKey(Networks.DEFAULT) ? List.of() : spec.networks();
            UUID id = uuid != null ? uuid : InstanceUuids.of(spec);
            // reproducible: every random choice is drawn from the uuid, so nothing differs between two runs
            RandomGenerator macs = reproducible ? new Random(id.getMostSignificantBits() ^ id.getLeastSignificantBits())
                    : new SecureRandom();
            byte[] seed = reproducible ? DriveContent.seedFrom(id) : DriveContent.freshSeed();
            InstanceMetadata md = InstanceMetadata.from(spec, id, new NicPlanner(macs).plan(nics, nets), seed);
            DriveContent drive = DriveContent.of(md, format.datasource);
            drive.writeTo(wiring.get(ConfigDriveWriter.class), out);
            out().println(out + ": " + format.name().toLowerCase(java.util.Locale.ROOT) + " drive, " + drive.tree().size()
                    + " files, instance " + md.uuid());
            return ExitCodes.OK;
        }
    }

    @Command(name = "inspect", description = "List a drive image's files and check it as cloud-init would.")
    static final class Inspect extends WiredCommand {
        @Parameters(index = "0", paramLabel = "IMAGE")
        Path image;

        @Override
        int execute(Wiring wiring) {
            if (!Files.isRegularFile(image)) {
                throw new SpecException(image + " does not exist");
            }
            DriveReport r = new DriveInspector().inspect(image);
            out().println(image + ": " + r.format() + ", label " + r.label());
            r.tree().files().forEach((p, b) -> out().printf("%10d  %s%n", b.length, p));
            r.warnings().forEach(w -> out().println("warning: " + w));
            r.problems().forEach(p -> out().println("PROBLEM: " + p));
            out().println(r.valid() ? "valid" : "INVALID: " + r.problems().size() + " problem(s)");
            return r.valid() ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }
}
