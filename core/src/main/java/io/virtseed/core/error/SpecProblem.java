package io.virtseed.core.error;

import java.util.Comparator;
import java.util.Objects;

/**
 * One thing wrong with a spec: where it is and what. {@code line} and {@code column} count from 1;
 * 0 means the problem belongs to no one place (the file as a whole, or an argument).
 *
 * @param file    the spec file as the user named it, empty when there is none
 */
public record SpecProblem(String file, int line, int column, String message) {

    /** File order: by line, then column; problems without a place last. */
    public static final Comparator<SpecProblem> BY_PLACE = Comparator
            .comparingInt((SpecProblem p) -> p.line == 0 ? Integer.MAX_VALUE : p.line)
            .thenComparingInt(SpecProblem::column);

    public SpecProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    /** A problem with no file or place: the message says it all. */
    public static SpecProblem unplaced(String message) {
        return new SpecProblem("", 0, 0, message);
    }

    /** {@code file:line:column: message}, the one-line form every spec error is printed in. */
    public String text() {
        if (file.isEmpty()) {
            return message;
        }
        return line == 0 ? file + ": " + message : file + ":" + line + ":" + column + ": " + message;
    }
}
