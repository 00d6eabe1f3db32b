package io.virtseed.core.spec;

import io.virtseed.core.error.SpecException;
import io.virtseed.core.error.SpecProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The problems found while reading one spec. Each key is read on its own; a key that fails adds
 * its problems here and the reading goes on, so one run of the loader reports all of them.
 */
final class SpecErrors {

    private final List<SpecProblem> problems = new ArrayList<>();

    /** The value {@code read} gives, or empty when it failed (its problems are kept). */
    <T> Optional<T> attempt(Supplier<T> read) {
        try {
            return Optional.of(read.get());
        } catch (SpecException e) {
            problems.addAll(e.problems());
            return Optional.empty();
        }
    }

    /** Like {@link #attempt} for a read that itself gives an optional value. */
    <T> Optional<T> attemptOptional(Supplier<Optional<T>> read) {
        return attempt(read).flatMap(v -> v);
    }

    /** Runs a check; a failure is kept. */
    void check(Runnable check) {
        attempt(() -> {
            check.run();
            return Boolean.TRUE;
        });
    }

    void add(SpecException e) {
        problems.addAll(e.problems());
    }

    int count() {
        return problems.size();
    }

    /** Throws one exception with every problem kept, in file order, if there are any. */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            List<SpecProblem> sorted = new ArrayList<>(problems);
            sorted.sort(SpecProblem.BY_PLACE);
            throw new SpecException(sorted);
        }
    }
}
