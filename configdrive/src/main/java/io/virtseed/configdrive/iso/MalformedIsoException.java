package io.virtseed.configdrive.iso;

import java.io.IOException;

/**
 * An image that is not a readable ISO9660 file system: a bad descriptor, a record or
 * extent outside the image, a directory cycle, a name that cannot be a file name, or a
 * limit of {@link IsoReadLimits} exceeded. The message says what and where.
 *
 * <pre>{@code
 * try { reader.read(bytes); } catch (MalformedIsoException e) { reject(e.getMessage()); }
 * }</pre>
 */
public final class MalformedIsoException extends IOException {

    public MalformedIsoException(String message) {
        super(message);
    }
}
