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
}
