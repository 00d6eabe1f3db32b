package io.virtseed.core.spec;

import java.nio.file.Path;

/** The spec file being read: its name for errors and its folder for relative paths. */
record SpecContext(Path file, Path baseDir) {

    Path resolve(String p) {
        return baseDir.resolve(p).normalize();
    }
}
