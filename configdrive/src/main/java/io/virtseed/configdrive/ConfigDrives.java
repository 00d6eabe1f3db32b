package io.virtseed.configdrive;

import io.virtseed.configdrive.fat.FatImageWriter;
import io.virtseed.configdrive.fat.FatOptions;
import io.virtseed.configdrive.iso.IsoImageWriter;
import io.virtseed.configdrive.iso.IsoOptions;
import io.virtseed.core.error.DriveException;
import io.virtseed.core.metadata.MetadataTree;
import io.virtseed.core.ports.ConfigDriveWriter;
import io.virtseed.core.ports.DriveFormat;
import io.virtseed.core.state.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes config drives in-process: ISO9660 (Joliet + Rock Ridge) or FAT. The image appears at
 * its path complete or not at all (temp file + fsync + rename), mode 0600: it may hold a password.
 * {@link #writeUnsynced} leaves out the fsyncs, for a caller that syncs the drive's folder itself.
 *
 * <pre>{@code
 * new ConfigDrives().write(tree, "config-2", DriveFormat.ISO9660, Path.of("disk.config"));
 * }</pre>
 */
public final class ConfigDrives implements ConfigDriveWriter {

    /** What nova writes as the ISO publisher: product and version. */
    public static final String PUBLISHER = "virtseed";

    private final IsoImageWriter iso = new IsoImageWriter();

    @Override
    public void write(MetadataTree tree, String volumeLabel, DriveFormat format, Path out) throws IOException {
        write(tree, volumeLabel, format, out, AtomicFiles.Sync.NOW);
    }

    @Override
    public void writeUnsynced(MetadataTree tree, String volumeLabel, DriveFormat format, Path out) throws IOException {
        write(tree, volumeLabel, format, out, AtomicFiles.Sync.LATER);
    }

    private void write(MetadataTree tree, String volumeLabel, DriveFormat format, Path out, AtomicFiles.Sync sync)
            throws IOException {
        if (tree.size() == 0) {
            throw new DriveException("refusing to write an empty config drive to " + out);
        }
        Path tmp = AtomicFiles.tempBeside(out.toAbsolutePath());
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(AtomicFiles.PRIVATE));
            // a switch expression, so a new format fails to compile here instead of at run time
            ImageWrite image = switch (format) {
                case ISO9660 -> () -> writeIso(tree, volumeLabel, tmp);
                // made here, not with this writer: its logger would start the logging of every ISO build
                case VFAT -> () -> new FatImageWriter().write(tree, FatOptions.withLabel(volumeLabel), tmp);
            };
            image.run();
            Files.setPosixFilePermissions(tmp, AtomicFiles.PRIVATE);
            if (sync == AtomicFiles.Sync.NOW) {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
            AtomicFiles.moveIntoPlace(tmp, out.toAbsolutePath(), sync);
        } catch (IllegalArgumentException e) {
            throw new DriveException("cannot build the " + format + " drive " + out + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private interface ImageWrite {
        void run() throws IOException;
    }

    private void writeIso(MetadataTree tree, String label, Path tmp) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            iso.write(tree, IsoOptions.of(label).withPublisher(PUBLISHER), ch);
        }
    }
}
