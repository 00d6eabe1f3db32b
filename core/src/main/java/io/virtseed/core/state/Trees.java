package io.virtseed.core.state;

import io.virtseed.core.error.StateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Folder trees in the state directory. */
public final class Trees {

    private Trees() {
    }

    /**
     * Removes {@code root} and everything below it; absent is fine. Links are removed, never
     * followed, so a link in the tree cannot make this delete outside it.
     */
    public static void delete(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new StateException("cannot remove " + root + ": " + e.getMessage(), e);
        }
    }
}
