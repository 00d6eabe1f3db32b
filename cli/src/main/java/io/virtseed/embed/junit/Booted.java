package io.virtseed.embed.junit;

import io.virtseed.core.RunningInstance;
import java.util.ArrayList;
import java.util.List;

/**
 * The instances booted for one scope (a test method, or a class), removed in reverse order when
 * the scope ends. Closing twice removes nothing more.
 */
final class Booted implements AutoCloseable {

    private final List<RunningInstance> instances = new ArrayList<>();

    synchronized void add(RunningInstance vm) {
        instances.add(vm);
    }

    synchronized List<RunningInstance> all() {
        return List.copyOf(instances);
    }

    /** Removes every instance, each even when another's removal failed; the first failure is thrown. */
    @Override
    public void close() {
        List<RunningInstance> todo;
        synchronized (this) {
            todo = new ArrayList<>(instances);
            instances.clear();
        }
        RuntimeException failure = null;
        for (int i = todo.size() - 1; i >= 0; i--) {
            try {
                todo.get(i).close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
