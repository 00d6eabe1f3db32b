package io.virtseed.cli;

import io.virtseed.core.error.SpecException;
import io.virtseed.core.image.BaseImage;
import io.virtseed.core.image.ImageDownloader;
import io.virtseed.core.image.ImageStore;
import java.net.URI;
import io.virtseed.core.spec.BootSpec;
import io.virtseed.core.spec.ImageRef;
import io.virtseed.core.value.ImageName;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "image", description = "Manage base images.",
        subcommands = {ImageCommand.Import.class, ImageCommand.Ls.class, ImageCommand.Rm.class})
final class ImageCommand {

    @Command(name = "import", description = "Copy a qcow2/raw image (a file, or an http(s) URL to download;"
            + " optional kernel/initrd) into the store.")
    static final class Import extends WiredCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "FILE|URL")
        String source;

        @Option(names = "--sha256", paramLabel = "HEX", description = "Expected SHA-256 of the downloaded image.")
        String sha256;

        @Option(names = "--kernel", paramLabel = "FILE", description = "Kernel for direct boot.")
        Path kernel;

        @Option(names = "--initrd", paramLabel = "FILE", description = "Initrd for direct boot.")
        Path initrd;

        @Option(names = "--cmdline", paramLabel = "TEXT", defaultValue = "", description = "Kernel command line.")
        String cmdline;

        @Override
        int execute(Wiring wiring) {
            Optional<BootSpec> boot = Optional.empty();
            if (kernel != null) {
                boot = Optional.of(new BootSpec(kernel.toAbsolutePath(),
                        Optional.ofNullable(initrd).map(Path::toAbsolutePath), cmdline));
            } else if (initrd != null) {
                throw new SpecException("--initrd needs --kernel");
            }
            ImageStore store = wiring.get(ImageStore.class);
            BaseImage img;
            if (ImageDownloader.isUrl(source)) {
                ImageDownloader.Progress progress = wiring.settings().quiet() ? ImageDownloader.Progress.NONE
                        : new DownloadProgressPrinter(spec.commandLine().getErr(), System.console() != null);
                img = store.importUrl(name, URI.create(source), Optional.ofNullable(sha256), boot, progress);
            } else if (sha256 != null) {
                throw new SpecException("--sha256 checks downloads; " + source + " is a file");
            } else {
                img = store.importImage(name, Path.of(source), boot);
            }
            out().println(img.name() + " imported (" + img.format() + ", " + (img.virtualSize() >> 20) + " MiB virtual)");
            return ExitCodes.OK;
        }
    }

    @Command(name = "ls", description = "List images.")
    static final class Ls extends WiredCommand {
        @Override
        int execute(Wiring wiring) {
            ImageStore store = wiring.get(ImageStore.class);
            out().printf("%-28s %-6s %10s %s%n", "NAME", "FORMAT", "SIZE", "BOOT");
            for (String n : store.names()) {
                BaseImage i = store.resolve(new ImageRef.Named(ImageName.of(n)));
                out().printf("%-28s %-6s %7d MiB %s%n", n, i.format(), i.virtualSize() >> 20,
                        i.boot().map(b -> "kernel").orElse("disk"));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "rm", description = "Remove an image.")
    static final class Rm extends WiredCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        int execute(Wiring wiring) {
            wiring.get(ImageStore.class).remove(name);
            out().println(name + " removed");
            return ExitCodes.OK;
        }
    }
}
