package io.virtseed.network.metadata;

import io.virtseed.core.metadata.MetadataHttpView;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One instance as the service holds it: its rendered view and its folder (for the password and
 * the events file).
 *
 * @param name        the instance name, for the log
 * @param dir         the instance folder
 * @param view        the answers, rendered from the saved metadata
 * @param fetchNoted  true once the first fetch is recorded in the events file
 */
record ServedInstance(String name, Path dir, MetadataHttpView view, AtomicBoolean fetchNoted) {
}
