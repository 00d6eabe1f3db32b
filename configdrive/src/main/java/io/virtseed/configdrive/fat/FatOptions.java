package io.virtseed.configdrive.fat;

/**
 * What FAT image to write: its volume label and its size. The size decides the FAT
 * variant (64 MiB, the size nova uses, gives FAT16).
 *
 * <pre>{@code
 * FatOptions configDrive = FatOptions.withLabel("config-2");            // 64 MiB
 * FatOptions noCloud = new FatOptions("cidata", 8L * 1024 * 1024);
 * }</pre>
 *
 * @param label     1..11 printable ASCII characters, case kept as given (cloud-init matches
 *                  {@code config-2} case-sensitively)
 * @param sizeBytes image size, a multiple of 512 between 1 MiB and 1 TiB
 */
public record FatOptions(String label, long sizeBytes) {

    /** The size nova gives a vfat config drive. */
    public static final long DEFAULT_SIZE_BYTES = 64L * 1024 * 1024;
    public static final long MIN_SIZE_BYTES = 1024L * 1024;
    public static final long MAX_SIZE_BYTES = 1024L * 1024 * 1024 * 1024;

    public FatOptions {
        FatNames.checkLabel(label);
        if (sizeBytes < MIN_SIZE_BYTES || sizeBytes > MAX_SIZE_BYTES || sizeBytes % FatGeometry.SECTOR != 0) {
            throw new IllegalArgumentException("FAT image size must be a multiple of 512 between "
                    + MIN_SIZE_BYTES + " and " + MAX_SIZE_BYTES + " bytes: " + sizeBytes);
        }
    }

    /** A {@value #DEFAULT_SIZE_BYTES}-byte image with {@code label}. */
    public static FatOptions withLabel(String label) {
        return new FatOptions(label, DEFAULT_SIZE_BYTES);
    }
}
