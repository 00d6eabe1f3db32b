package io.virtseed.cli;

import io.virtseed.configdrive.DriveInspector;
import io.virtseed.configdrive.DriveReport;
import io.virtseed.core.error.SpecException;
import io.virtseed.core.spec.Datasource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
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
            return new DriveBuild(file, out, format, uuid, reproducible, force).run(wiring.drives(), out());
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
