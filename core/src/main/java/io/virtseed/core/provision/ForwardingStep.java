package io.virtseed.core.provision;

import java.util.Optional;

/**
 * A step that does what another does, for the decorators of {@link Step} to change one part of:
 * each overrides only what it adds, and everything else, {@code finishCommand} included, is the
 * wrapped step's.
 */
abstract class ForwardingStep implements Step {

    private final Step inner;
    private final String mark;

    /** {@code mark} is appended to the wrapped step's {@code toString}, so logs show the decoration. */
    ForwardingStep(Step inner, String mark) {
        this.inner = inner;
        this.mark = mark;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void apply() throws Exception {
        inner.apply();
    }

    @Override
    public void undo() throws Exception {
        inner.undo();
    }

    @Override
    public Optional<String> finishCommand() {
        return inner.finishCommand();
    }

    @Override
    public String toString() {
        return inner + mark;
    }
}
