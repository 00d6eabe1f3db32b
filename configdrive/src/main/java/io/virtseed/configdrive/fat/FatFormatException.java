package io.virtseed.configdrive.fat;

import java.io.IOException;

/**
 * An image is not a FAT volume we can read, or it is damaged: bad boot sector, a cluster
 * out of range, a chain that loops or is shared, a name the tree cannot hold.
 *
 * <pre>{@code
 * try { reader.read(image); } catch (FatFormatException e) { log.warn("unusable drive: {}", e.getMessage()); }
 * }</pre>
 */
public class FatFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public FatFormatException(String message) {
        super(message);
    }

    public FatFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
