package io.virtseed.configdrive;

import io.virtseed.core.metadata.MetadataTree;
import java.util.List;

/**
 * What {@link DriveInspector} found: the layout, label, files and every problem a guest's
 * cloud-init or cloudbase-init would have with the drive.
 *
 * @param format   {@code iso9660} or {@code vfat}
 * @param problems faults that make a client reject the drive (empty: the drive is valid)
 * @param warnings things that work for some clients only
 */
public record DriveReport(String format, String label, MetadataTree tree, List<String> problems,
        List<String> warnings) {

    public DriveReport {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    public boolean valid() {
        return problems.isEmpty();
    }
}
