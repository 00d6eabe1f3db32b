package io.virtseed.core.provision;

import io.virtseed.core.error.ProvisionException;
import io.virtseed.core.value.InstanceName;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies steps in order; when one fails (an {@link Error} too), undoes the applied ones (and the
 * failed one, which may have half-applied) in reverse. Undo failures are attached to the error
 * as suppressed, and rollback goes on past them, except after a step whose failed undo makes the
 * rest dangerous ({@link Step#finishCommand()}): there it stops, and the error says what was
 * left and the command that finishes it. Undos run with the thread's interrupt flag cleared, so
 * a Ctrl-C that stopped a step does not also stop its cleanup; the flag is set again afterwards.
 * Teardown runs the same undos: there is no second delete path.
 *
 * <pre>{@code
 * new Provisioner(listener).apply(List.of(writeDrive, define, start));
 * }</pre>
 */
public final class Provisioner {

    private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);

    /** Told about progress, for a CLI's status lines and phase timings. */
    public interface Listener {
        void stepStarted(String name);

        /** The step applied without error (not told for undos). */
        default void stepFinished(String name) {
        }

        /**
         * This listener for the steps of one instance: a plan's instances may be made at once, and
         * step names do not say whose they are. By default the same listener.
         */
        default Listener forInstance(InstanceName instance) {
            return this;
        }

        /** Tells this listener, then {@code other}, of every step. */
        default Listener and(Listener other) {
            Listener first = this;
            return new Listener() {
                @Override
                public void stepStarted(String name) {
                    first.stepStarted(name);
                    other.stepStarted(name);
                }

                @Override
                public void stepFinished(String name) {
                    first.stepFinished(name);
                    other.stepFinished(name);
                }

                @Override
                public Listener forInstance(InstanceName instance) {
                    return first.forInstance(instance).and(other.forInstance(instance));
                }
            };
        }

        Listener NONE = name -> { };
    }

    /** How a rollback went: the undo failures, and where it stopped, if it did. */
    private record Rollback(List<ProvisionException> failures, Optional<String> stopped) {
    }

    private final Listener listener;

    public Provisioner(Listener listener) {
        this.listener = listener;
    }

    public void apply(List<Step> steps) {
        applyAfter(steps, 0);
    }

    /**
     * Applies the steps after the first {@code done}, which an earlier {@link #apply} of just those
     * made (under a lock this part does not need): a failure here rolls back the whole list, those
     * first steps too.
     */
    public void applyAfter(List<Step> steps, int done) {
        Deque<Step> applied = new ArrayDeque<>();
        steps.subList(0, done).forEach(applied::push);
        for (Step step : steps.subList(done, steps.size())) {
            applied.push(step);
            try {
                listener.stepStarted(step.name());
                step.apply();
                listener.stepFinished(step.name());
            } catch (Throwable t) {
                Rollback rollback = undoAll(applied, t instanceof InterruptedException, Listener.NONE);
                throw failure(step, t, rollback);
            }
        }
    }

    /**
     * Undoes all steps in reverse order, telling the listener of each as {@code undo NAME} (a
     * teardown's progress; a rollback's undos are not reported); throws the first failure with the
     * rest suppressed.
     */
    public void undo(List<Step> steps) {
        Deque<Step> stack = new ArrayDeque<>();
        steps.forEach(stack::push);
        Rollback rollback = undoAll(stack, false, listener);
        if (rollback.failures().isEmpty()) {
            return;
        }
        ProvisionException first = rollback.failures().getFirst();
        ProvisionException thrown = rollback.stopped()
                .map(note -> new ProvisionException(first.step(), causeMessage(first) + "; " + note, first.getCause()))
                .orElse(first);
        rollback.failures().stream().skip(1).forEach(thrown::addSuppressed);
        throw thrown;
    }

    /** The error {@code apply} throws: an {@link Error} as itself, anything else as the step's failure. */
    private static RuntimeException failure(Step step, Throwable t, Rollback rollback) {
        if (t instanceof Error error) {
            rollback.failures().forEach(error::addSuppressed);
            throw error;
        }
        String message = String.valueOf(t.getMessage()) + rollback.stopped().map(note -> "; " + note).orElse("");
        var failure = new ProvisionException(step.name(), message, t);
        rollback.failures().forEach(failure::addSuppressed);
        return failure;
    }

    private static Rollback undoAll(Deque<Step> stack, boolean interruptedByStep, Listener report) {
        // cleared, so undos that wait (qemu-img, libvirt calls) are not cut short by the interrupt
        boolean interrupted = Thread.interrupted() | interruptedByStep;
        try {
            List<ProvisionException> failures = new ArrayList<>();
            while (!stack.isEmpty()) {
                Step step = stack.pop();
                try {
                    report.stepStarted("undo " + step.name());
                    step.undo();
                } catch (Exception undoError) {
                    LOG.warn("undo of '{}' failed: {}", step.name(), undoError.getMessage());
                    failures.add(new ProvisionException("undo " + step.name(), String.valueOf(undoError.getMessage()),
                            undoError));
                    if (step.finishCommand().isPresent()) {
                        return new Rollback(failures, Optional.of(stopNote(step, stack)));
                    }
                }
            }
            return new Rollback(failures, Optional.empty());
        } finally {
            if (interrupted || Thread.interrupted()) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String stopNote(Step failed, Deque<Step> left) {
        List<String> names = left.stream().map(Step::name).toList();
        return "rollback stopped after undo of '" + failed.name() + "' failed, since the undos before it would"
                + " remove what it may still use" + (names.isEmpty() ? "" : "; left in place: " + String.join(", ", names))
                + "; once the cause is fixed, finish with: " + failed.finishCommand().orElseThrow();
    }

    private static String causeMessage(ProvisionException e) {
        return String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
    }
}
