package io.virtseed.core.state;

import io.virtseed.core.error.StateException;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Folder trees in the state directory. */
public final class Trees {

    /** Walks of one removal: each starts over when something was written into the tree meanwhile. */
    static final int WALKS = 10;

    private Trees() {
    }

    /**
     * Removes {@code root} and everything below it; absent is fine. Links are removed, never
     * followed, so a link in the tree cannot make this delete outside it. A file written into the
     * tree while it is walked (the metadata service recording a guest's fetch in its folder) has
     * the walk start over, up to {@link #WALKS} times.
     */
    public static void delete(Path root) {
        for (int walk = 1; ; walk++) {
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
                return;
            } catch (DirectoryNotEmptyException e) {
                if (walk == WALKS) {
                    throw new StateException("cannot remove " + root + ": files kept appearing in "
                            + e.getFile() + " while it was removed", e);
                }
            } catch (IOException e) {
                throw new StateException("cannot remove " + root + ": " + e.getMessage(), e);
            }
        }
    }
}
