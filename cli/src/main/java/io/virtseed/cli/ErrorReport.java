package io.virtseed.cli;

import io.virtseed.core.error.VirtseedException;
import java.io.PrintWriter;

/** A failed command's message and exit code (see {@link ExitCodes}), with or without picocli around it. */
final class ErrorReport {

    private ErrorReport() {
    }

    /** Prints one paragraph about the failure, the stack trace with {@code -v}, and returns the exit code. */
    static int print(Exception ex, boolean verbose, PrintWriter err) {
        if (ex instanceof VirtseedException v) {
            err.println("virtseed: " + v.getMessage());
            for (Throwable s : v.getSuppressed()) {
                err.println("  also: " + s.getMessage());
            }
            Throwable cause = v.getCause();
            if (cause != null && !(cause instanceof VirtseedException) && verbose) {
                cause.printStackTrace(err);
            } else if (cause instanceof VirtseedException inner && !v.getMessage().contains(inner.getMessage())) {
                err.println("  cause: " + inner.getMessage());
            }
            err.flush();
            return v.isUsageError() ? ExitCodes.USAGE : ExitCodes.FAILURE;
        }
        err.println("virtseed: unexpected error: " + ex);
        if (verbose) {
            ex.printStackTrace(err);
        } else {
            err.println("  (run with -v for the stack trace)");
        }
        err.flush();
        return ExitCodes.FAILURE;
    }
}
