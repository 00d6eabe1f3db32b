package io.virtseed.core.error;

import java.util.List;

/**
 * A spec file or argument is invalid; the message names the file, line, key and what is allowed.
 * A spec with several faults gives one exception holding all of them ({@link #problems}), its
 * message one line per problem.
 */
public final class SpecException extends VirtseedException {

    private final List<SpecProblem> problems;

    public SpecException(String message) {
        this(message, null);
    }

    public SpecException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(SpecProblem.unplaced(message));
    }

    /** Every problem found, in the order given; at least one. */
    public SpecException(List<SpecProblem> problems) {
        super(text(problems), null);
        this.problems = List.copyOf(problems);
    }

    private static String text(List<SpecProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a spec error needs at least one problem");
        }
        return String.join("\n", problems.stream().map(SpecProblem::text).toList());
    }

    public List<SpecProblem> problems() {
        return problems;
    }

    @Override
    public boolean isUsageError() {
        return true;
    }
}
