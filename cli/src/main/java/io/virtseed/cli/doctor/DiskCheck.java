package io.virtseed.cli.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Free space where the state folder is (or will be): imported images, guest overlays and
 * config drives all live there, and a full disk pauses a running guest on its next write.
 *
 * @param failBelow fewer usable bytes than this fail
 * @param warnBelow fewer than this warn
 */
record DiskCheck(Path stateDir, long failBelow, long warnBelow) {

    static final String ID = "disk";
    static final long GIB = 1L << 30;

    static DiskCheck of(Path stateDir) {
        return new DiskCheck(stateDir, GIB, 5 * GIB);
    }

    Check check() {
        Path p = stateDir.toAbsolutePath().normalize();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            return Check.warn(ID, "no folder of " + stateDir + " exists");
        }
        long free;
        try {
            free = Files.getFileStore(p).getUsableSpace();
        } catch (IOException e) {
            return Check.warn(ID, "cannot read the free space of " + p + ": " + e.getMessage());
        }
        String detail = gib(free) + " free in " + p;
        if (free < failBelow) {
            return Check.fail(ID, detail + ", less than " + gib(failBelow) + ": an image import or a guest's writes"
                    + " would fill it", "free space there, or keep the state elsewhere with --state-dir DIR");
        }
        if (free < warnBelow) {
            return Check.warn(ID, detail + ", less than " + gib(warnBelow) + ": a few images fill it",
                    "free space there, or keep the state elsewhere with --state-dir DIR");
        }
        return Check.ok(ID, detail);
    }

    private static String gib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) GIB);
    }
}
