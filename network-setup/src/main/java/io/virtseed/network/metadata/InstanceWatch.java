package io.virtseed.network.metadata;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the scanner which instance folders changed since it last asked (inotify, through the
 * JDK's watch service), so a scan of ten thousand unchanged instances stats none of them. Where
 * the kernel cannot tell (the instances folder does not exist yet, the watch limit is reached, the
 * event queue overflowed) it answers "everything", and the scanner looks at every folder as it
 * would without a watch.
 */
final class InstanceWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceWatch.class);

    /** What changed: everything (look at all), or whether folders came or went and which changed. */
    record Changes(boolean everything, boolean membership, Set<String> names) {
        static final Changes ALL = new Changes(true, true, Set.of());

        boolean none() {
            return !everything && !membership && names.isEmpty();
        }
    }

    private final Path root;
    private final WatchService service;
    private final Map<WatchKey, String> instanceKeys = new HashMap<>();
    private final Map<String, WatchKey> byName = new HashMap<>();
    private WatchKey rootKey;
    private boolean blind;

    private InstanceWatch(Path root, WatchService service) {
        this.root = root;
        this.service = service;
    }

    /** A watch on {@code instancesDir}; one that always answers "everything" when inotify is not available. */
    static InstanceWatch on(Path instancesDir) {
        try {
            return new InstanceWatch(instancesDir, FileSystems.getDefault().newWatchService());
        } catch (IOException | UnsupportedOperationException e) {
            LOG.info("no change notification ({}): every scan looks at every instance", e.getMessage());
            return new InstanceWatch(instancesDir, null);
        }
    }

    /**
     * Watches one instance folder. Call it before reading the folder: what changes after the call is
     * reported, what changed before it is what the read sees. {@code again} registers even a folder
     * already watched: one deleted and made anew under the same name is another folder.
     */
    void watch(String name, boolean again) {
        if (service == null || blind) {
            return;
        }
        WatchKey known = byName.get(name);
        if (!again && known != null && known.isValid()) {
            return;
        }
        try {
            WatchKey k = root.resolve(name).register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
            instanceKeys.put(k, name);
            byName.put(name, k);
        } catch (java.nio.file.NoSuchFileException e) {
            // gone again before we looked: the root's events say so
        } catch (IOException e) {
            // most likely the inotify watch limit (fs.inotify.max_user_watches): fall back to looking
            LOG.warn("cannot watch instance folder {} ({}): every scan looks at every instance from now on", name,
                    e.getMessage());
            blind = true;
        }
    }

    /** What changed since the last call. */
    Changes drain() {
        if (service == null || blind) {
            return Changes.ALL;
        }
        if (rootKey == null || !rootKey.isValid()) {
            try {
                rootKey = root.register(service, ENTRY_CREATE, ENTRY_DELETE);
            } catch (IOException e) {
                rootKey = null; // not there yet: nothing to watch, and a full look is cheap
            }
            instanceKeys.keySet().forEach(WatchKey::cancel);
            instanceKeys.clear();
            byName.clear();
            return Changes.ALL;
        }
        boolean membership = false;
        Set<String> names = new HashSet<>();
        for (WatchKey k = service.poll(); k != null; k = service.poll()) {
            for (WatchEvent<?> e : k.pollEvents()) {
                if (e.kind() == OVERFLOW) {
                    k.reset();
                    drop(service);
                    return Changes.ALL;
                }
                if (k == rootKey) {
                    membership = true;
                    names.add(e.context().toString());
                } else {
                    String name = instanceKeys.get(k);
                    if (name != null) {
                        names.add(name);
                    }
                }
            }
            if (!k.reset()) {
                // the folder is gone (or was replaced): the root's events say so too
                String name = instanceKeys.remove(k);
                if (name != null) {
                    names.add(name);
                    byName.remove(name, k);
                }
                membership = true;
            }
        }
        return new Changes(false, membership, names);
    }

    /** Empties the queue after an overflow; the full look that follows re-reads everything. */
    private static void drop(WatchService s) {
        for (WatchKey k = s.poll(); k != null; k = s.poll()) {
            k.pollEvents();
            k.reset();
        }
    }

    @Override
    public void close() {
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                LOG.debug("closing the watch service: {}", e.getMessage());
            }
        }
    }
}
