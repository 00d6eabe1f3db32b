package io.virtseed.core.ports;

import io.virtseed.core.metadata.MetadataTree;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a {@link MetadataTree} as a drive image. Same tree, same label, same format:
 * same bytes. The file appears at {@code out} complete (temp file + rename), mode 0600.
 */
public interface ConfigDriveWriter {

    void write(MetadataTree tree, String volumeLabel, DriveFormat format, Path out) throws IOException;

    /**
     * As {@link #write(MetadataTree, String, DriveFormat, Path)}, but the writer may leave the
     * fsyncs (of the image and of its folder) to the caller, who makes the folder durable at once
     * ({@link io.virtseed.core.state.AtomicFiles#syncFolder}) before relying on the drive. By
     * default the same as {@code write}.
     */
    default void writeUnsynced(MetadataTree tree, String volumeLabel, DriveFormat format, Path out) throws IOException {
        write(tree, volumeLabel, format, out);
    }
}
