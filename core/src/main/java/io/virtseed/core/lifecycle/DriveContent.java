package io.virtseed.core.lifecycle;

import io.virtseed.core.metadata.InstanceMetadata;
import io.virtseed.core.metadata.MetadataTree;
import io.virtseed.core.ports.ConfigDriveWriter;
import io.virtseed.core.ports.DriveFormat;
import io.virtseed.core.spec.Datasource;
import io.virtseed.core.value.Digests;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.UUID;
import java.nio.charset.StandardCharsets;

/**
 * What a datasource puts on an instance's drive: the tree (OpenStack or NoCloud layout), its
 * volume label and its file system. {@code up} and {@code drive build} both take it from here.
 *
 * <pre>{@code
 * DriveContent.of(metadata, Datasource.CONFIGDRIVE).writeTo(writer, Path.of("disk.config"));
 * }</pre>
 */
public record DriveContent(MetadataTree tree, String label, DriveFormat format) {

    private static final int RANDOM_SEED_BYTES = 512;
    private static final String URANDOM = "/dev/urandom";

    public static DriveContent of(InstanceMetadata md, Datasource ds) {
        DriveFormat format = format(ds);
        return ds == Datasource.NOCLOUD ? new DriveContent(md.noCloudTree(), "cidata", format)
                : new DriveContent(md.openStackTree(), "config-2", format);
    }

    /** How the drive of this datasource is laid out (and so attached); the one place that decides it. */
    public static DriveFormat format(Datasource ds) {
        return switch (ds) {
            case CONFIGDRIVE, BOTH, NOCLOUD -> DriveFormat.ISO9660;
            case CONFIGDRIVE_VFAT -> DriveFormat.VFAT;
            case METADATA -> throw new IllegalArgumentException("datasource metadata has no drive");
        };
    }

    /** A new random seed for {@code meta_data.json}: fresh for every drive written. */
    public static byte[] freshSeed() {
        byte[] seed = new byte[RANDOM_SEED_BYTES];
        // the kernel's generator, which the JDK's own reads too, without the JDK's security
        // providers to set up first (15 to 25 ms of a drive build)
        try (InputStream in = new FileInputStream(URANDOM)) {
            if (in.readNBytes(seed, 0, seed.length) == seed.length) {
                return seed;
            }
        } catch (IOException e) {
            // no such device here: the JDK's generator below
        }
        new SecureRandom().nextBytes(seed);
        return seed;
    }

    /**
     * A seed fixed by the instance uuid, for drives that must come out the same bytes every time
     * ({@code drive build --reproducible}); it is then no secret entropy, which the option says.
     */
    public static byte[] seedFrom(UUID uuid) {
        byte[] seed = new byte[RANDOM_SEED_BYTES];
        // SHA-256 of (uuid, block number), block after block: enough bytes, all fixed by the uuid
        for (int block = 0; block * 32 < seed.length; block++) {
            byte[] d = Digests.sha256(("virtseed-seed:" + uuid + ":" + block).getBytes(StandardCharsets.UTF_8));
            System.arraycopy(d, 0, seed, block * 32, Math.min(32, seed.length - block * 32));
        }
        return seed;
    }

    public void writeTo(ConfigDriveWriter writer, Path out) throws IOException {
        writer.write(tree, label, format, out);
    }

    /** As {@link #writeTo}, the fsyncs left to the caller's sync of the folder. */
    public void writeUnsyncedTo(ConfigDriveWriter writer, Path out) throws IOException {
        writer.writeUnsynced(tree, label, format, out);
    }
}
