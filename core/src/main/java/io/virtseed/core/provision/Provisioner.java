package io.virtseed.core.provision;

import io.virtseed.core.error.ProvisionException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies steps in order; when one fails, undoes the applied ones (and the failed one, which
 * may have half-applied) in reverse. Undo failures are attached to the error as suppressed.
 * Teardown runs the same undos: there is no second delete path.
 *
 * <pre>{@code
 * new Provisioner(listener).apply(List.of(writeDrive, define, start));
 * }</pre>
 */
public final class Provisioner {

    private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);

    /** Told about progress, for a CLI's status lines. */
    public interface Listener {
        void stepStarted(String name);

        Listener NONE = name -> { };
    }

    private final Listener listener;

    public Provisioner(Listener listener) {
        this.listener = listener;
    }

    public void apply(List<Step> steps) {
        Deque<Step> applied = new ArrayDeque<>();
        for (Step step : steps) {
            applied.push(step);
            try {
                listener.stepStarted(step.name());
                step.apply();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                var failure = new ProvisionException(step.name(), String.valueOf(e.getMessage()), e);
                undoAll(applied, failure);
                throw failure;
            }
        }
    }

    /** Undoes all steps in reverse order, going on past failures; throws the first with the rest suppressed. */
    public void undo(List<Step> steps) {
        Deque<Step> stack = new ArrayDeque<>();
        steps.forEach(stack::push);
        ProvisionException first = null;
        while (!stack.isEmpty()) {
            Step step = stack.pop();
            try {
                step.undo();
            } catch (Exception e) {
                var failure = new ProvisionException("undo " + step.name(), String.valueOf(e.getMessage()), e);
                if (first == null) {
                    first = failure;
                } else {
                    first.addSuppressed(failure);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static void undoAll(Deque<Step> applied, ProvisionException failure) {
        while (!applied.isEmpty()) {
            Step step = applied.pop();
            try {
                step.undo();
            } catch (Exception undoError) {
                LOG.warn("undo of '{}' failed: {}", step.name(), undoError.getMessage());
                failure.addSuppressed(undoError);
            }
        }
    }
}
