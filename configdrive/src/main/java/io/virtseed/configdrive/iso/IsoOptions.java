package io.virtseed.configdrive.iso;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * What an ISO image says about itself, apart from its files.
 *
 * <p>The volume id is written exactly as given (case kept) in the primary volume
 * descriptor and in the Joliet descriptor; Joliet has room for 16 characters only, so a
 * longer id appears there cut to its first 16 characters (what genisoimage does too).
 * The timestamp is fixed rather than "now" so the same tree always gives the same bytes.
 *
 * <pre>{@code
 * IsoOptions opts = IsoOptions.configDrive().withPublisher("virtseed 0.1.0");
 * }</pre>
 *
 * @param volumeId  1 to 32 characters out of {@code A-Z a-z 0-9 _ - .} and inner spaces
 * @param publisher up to 128 printable ASCII characters, may be empty (nova writes
 *                  {@code "<product> <version>"})
 * @param recorded  creation/modification time of every record, between 1900 and 2155
 */
public record IsoOptions(String volumeId, String publisher, Instant recorded) {

    /** The label cloud-init and cloudbase-init look for. */
    public static final String CONFIG_DRIVE_LABEL = "config-2";

    /** Default timestamp: a constant, so images are reproducible. */
    public static final Instant DEFAULT_RECORDED = Instant.ofEpochSecond(1_344_556_800L); // 2012-08-10T00:00:00Z

    static final int MAX_VOLUME_ID = 32;
    static final int MAX_PUBLISHER = 128;

    public IsoOptions {
        Objects.requireNonNull(volumeId, "volumeId");
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(recorded, "recorded");
        checkVolumeId(volumeId);
        checkPublisher(publisher);
        int year = recorded.atZone(ZoneOffset.UTC).getYear();
        if (year < 1900 || year > 2155) {
            throw new IllegalArgumentException(
                    "ISO recording time must lie between 1900 and 2155 (7-byte directory dates): " + recorded);
        }
    }

    /** Label {@code config-2}, publisher {@code virtseed}, the default timestamp. */
    public static IsoOptions configDrive() {
        return of(CONFIG_DRIVE_LABEL);
    }

    /** The given label, publisher {@code virtseed}, the default timestamp. */
    public static IsoOptions of(String volumeId) {
        return new IsoOptions(volumeId, "virtseed", DEFAULT_RECORDED);
    }

    public IsoOptions withPublisher(String newPublisher) {
        return new IsoOptions(volumeId, newPublisher, recorded);
    }

    public IsoOptions withRecorded(Instant newRecorded) {
        return new IsoOptions(volumeId, publisher, newRecorded);
    }

    private static void checkVolumeId(String id) {
        if (id.isEmpty() || id.length() > MAX_VOLUME_ID) {
            throw new IllegalArgumentException(
                    "ISO volume id must have 1 to " + MAX_VOLUME_ID + " characters: '" + id + "'");
        }
        if (id.startsWith(" ") || id.endsWith(" ")) {
            // the field is padded with spaces, so an edge space could not be read back
            throw new IllegalArgumentException("ISO volume id must not start or end with a space: '" + id + "'");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-' || c == '.' || c == ' ';
            if (!ok) {
                throw new IllegalArgumentException("ISO volume id may only use letters, digits, '_', '-', '.' "
                        + "and spaces; found '" + c + "' in '" + id + "'");
            }
        }
    }

    private static void checkPublisher(String p) {
        if (p.length() > MAX_PUBLISHER) {
            throw new IllegalArgumentException(
                    "ISO publisher must have at most " + MAX_PUBLISHER + " characters, got " + p.length());
        }
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("ISO publisher must be printable ASCII: '" + p + "'");
            }
        }
    }
}
