package io.virtseed.core.provision;

/**
 * One small, reversible piece of provisioning. {@code undo} must treat "already gone" as
 * success, so it can run after a partial {@code apply} and again during teardown.
 */
public interface Step {

    /** A short name for logs and errors, like {@code write config drive}. */
    String name();

    void apply() throws Exception;

    void undo() throws Exception;

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
