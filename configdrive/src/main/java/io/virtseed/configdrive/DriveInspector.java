package io.virtseed.configdrive;

import io.virtseed.configdrive.fat.FatImage;
import io.virtseed.configdrive.fat.FatImageReader;
import io.virtseed.configdrive.iso.IsoImageContents;
import io.virtseed.configdrive.iso.IsoImageReader;
import io.virtseed.core.error.DriveException;
import io.virtseed.core.metadata.MetadataTree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads any config drive image (ours or another tool's: ISO9660 or FAT, label config-2 or
 * cidata) and checks it the way the guest clients do.
 *
 * <pre>{@code
 * DriveReport r = new DriveInspector().inspect(Path.of("disk.config"));
 * }</pre>
 */
public final class DriveInspector {

    public DriveReport inspect(Path image) {
        try {
            return isIso(image) ? inspectIso(image) : inspectFat(image);
        } catch (IOException e) {
            throw new DriveException(image + " is not a readable ISO9660 or FAT drive image: " + e.getMessage(), e);
        }
    }

    private static boolean isIso(Path image) throws IOException {
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(5);
            ch.read(b, 0x8001);
            return new String(b.array(), StandardCharsets.US_ASCII).equals("CD001");
        }
    }

    private DriveReport inspectIso(Path image) throws IOException {
        IsoImageContents c = new IsoImageReader().read(image);
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String label = c.primaryVolumeId();
        MetadataTree tree = c.rockRidgeTree().orElse(c.primaryTree());
        if (!c.rockRidge()) {
            problems.add("no Rock Ridge: Linux sees ISO9660 8.3 names, so cloud-init finds no openstack/ folder");
        }
        if (!c.joliet()) {
            warnings.add("no Joliet: Windows (cloudbase-init) sees only ISO9660 8.3 names");
        } else if (label.equals("config-2") && !c.jolietTree().orElseThrow()
                .contains("openstack/latest/meta_data.json")) {
            warnings.add("the Joliet tree has no openstack/latest/meta_data.json: cloudbase-init will not use the drive");
        }
        DriveRules.check(label, tree, problems, warnings);
        return new DriveReport("iso9660", label, tree, problems, warnings);
    }

    private DriveReport inspectFat(Path image) throws IOException {
        FatImage f = new FatImageReader().read(image);
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        DriveRules.check(f.label(), f.tree(), problems, warnings);
        return new DriveReport("vfat", f.label(), f.tree(), problems, warnings);
    }
}
