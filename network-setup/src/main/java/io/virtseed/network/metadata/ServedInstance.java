package io.virtseed.network.metadata;

import io.virtseed.core.error.StateException;
import io.virtseed.core.metadata.MetadataFile;
import io.virtseed.core.metadata.MetadataHttpView;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One instance as the service holds it: its folder (saved metadata, password, events file) and its
 * view, rendered from the saved metadata on first use or by the daemon's background pass, so a
 * daemon with thousands of instances answers as soon as it has read their records.
 */
final class ServedInstance {

    private final String name;
    private final Path dir;
    private final AtomicBoolean fetchNoted = new AtomicBoolean();
    private volatile MetadataHttpView view;

    ServedInstance(String name, Path dir) {
        this.name = name;
        this.dir = dir;
    }

    String name() {
        return name;
    }

    Path dir() {
        return dir;
    }

    /** False until the first request of this daemon's life has been noted. */
    AtomicBoolean fetchNoted() {
        return fetchNoted;
    }

    boolean rendered() {
        return view != null;
    }

    /** The view; rendered once, from {@code metadata.json}. */
    MetadataHttpView view() {
        MetadataHttpView v = view;
        if (v == null) {
            synchronized (this) {
                if (view == null) {
                    Optional<io.virtseed.core.metadata.InstanceMetadata> md = MetadataFile.read(dir);
                    view = MetadataHttpView.of(md.orElseThrow(() -> new StateException(
                            "the saved metadata of " + name + " is gone", null)));
                }
                v = view;
            }
        }
        return v;
    }
}
