package io.virtseed.configdrive.fat;

import io.virtseed.core.metadata.MetadataTree;

/**
 * What {@link FatImageReader} found in an image.
 *
 * <pre>{@code
 * FatImage image = new FatImageReader().read(path);
 * boolean configDrive = image.label().equals("config-2");
 * }</pre>
 *
 * @param label  the volume label (root directory entry, else boot sector), trailing spaces
 *               removed, case as stored; empty if the volume has none
 * @param type   FAT12, FAT16 or FAT32, judged by cluster count
 * @param serial the volume serial number
 * @param tree   every file, by its long name where it has one; empty directories are not kept
 */
public record FatImage(String label, FatType type, int serial, MetadataTree tree) {
}
