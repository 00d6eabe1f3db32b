package io.virtseed.core.provision;

import java.util.Optional;

/**
 * One small, reversible piece of provisioning. {@code undo} must treat "already gone" as
 * success, so it can run after a partial {@code apply} and again during teardown.
 */
public interface Step {

    /** A short name for logs and errors, like {@code write config drive}. */
    String name();

    void apply() throws Exception;

    void undo() throws Exception;

    /**
     * Present for a step whose failed undo makes the earlier steps' undos dangerous (a guest
     * that could not be stopped still uses the disks they would delete): rollback stops there,
     * and this command finishes it once the cause is fixed.
     */
    default Optional<String> finishCommand() {
        return Optional.empty();
    }

    /** This step, with rollback stopping when its undo fails; {@code finishCommand} completes it later. */
    default Step stopsRollbackIfUndoFails(String finishCommand) {
        return new ForwardingStep(this, "[stops rollback]") {
            @Override
            public Optional<String> finishCommand() {
                return Optional.of(finishCommand);
            }
        };
    }

    /**
     * This step with a lock held around its apply and around its undo (each taking it anew): for a
     * step that changes what other instances share, such as a network's DHCP reservations, while
     * the rest of its instance's steps run alongside other instances'.
     */
    default Step holding(Lock lock) {
        return new ForwardingStep(this, "[locked]") {
            @Override
            public void apply() throws Exception {
                try (AutoCloseable held = lock.take()) {
                    super.apply();
                }
            }

            @Override
            public void undo() throws Exception {
                try (AutoCloseable held = lock.take()) {
                    super.undo();
                }
            }
        };
    }

    /** Takes a lock; closing what it returns releases it. */
    @FunctionalInterface
    interface Lock {
        AutoCloseable take();
    }

    /** A step from two lambdas. */
    static Step of(String name, Action apply, Action undo) {
        return new Step() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void apply() throws Exception {
                apply.run();
            }

            @Override
            public void undo() throws Exception {
                undo.run();
            }

            @Override
            public String toString() {
                return "Step[" + name + "]";
            }
        };
    }

    /** A body that may throw. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }
}
