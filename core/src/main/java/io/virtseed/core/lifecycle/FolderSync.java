package io.virtseed.core.lifecycle;

import io.virtseed.core.state.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * One {@link AtomicFiles#syncFolder} of a new instance's folder on a thread of its own, started by
 * one step and awaited by a later one: the sync waits on the disk while the steps between wait on
 * libvirt, so it need not hold them up.
 */
final class FolderSync {

    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile boolean started;

    void start(Path dir) {
        Thread.ofPlatform().daemon().name("virtseed-sync " + dir.getFileName()).start(() -> {
            try {
                AtomicFiles.syncFolder(dir);
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        started = true; // only once the thread runs: settle must never wait for a sync nobody makes
    }

    /** Returns once the folder is synced; its failure, thrown here, fails the step that waits. */
    void await() throws IOException, InterruptedException {
        if (!started) {
            throw new IllegalStateException("the instance folder's sync was never started");
        }
        try {
            done.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new IOException("cannot sync the instance folder to disk: " + io.getMessage(), io);
            }
            throw new IllegalStateException("the instance folder's sync failed", e.getCause());
        }
    }

    /** For a rollback: waits until a started sync is over, whatever its outcome (undos run uninterrupted). */
    void settle() {
        if (started) {
            try {
                done.join();
            } catch (CompletionException | CancellationException e) {
                // a failed sync of files the rollback deletes now: nothing to keep
            }
        }
    }
}
