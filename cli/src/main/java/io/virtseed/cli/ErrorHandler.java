package io.virtseed.cli;

import io.virtseed.core.error.VirtseedException;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Maps every error to a one-paragraph message and an exit code (see {@link ExitCodes}). */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        boolean verbose = VirtseedCommand.verbose(cl);
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

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("virtseed: " + unknownCommand(ex).orElse(ex.getMessage()));
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
            err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        err.flush();
        return ExitCodes.USAGE;
    }

    /** "unknown command 'x' for 'virtseed'" where picocli says "Unmatched argument at index 0". */
    private static Optional<String> unknownCommand(ParameterException ex) {
        CommandLine.Model.CommandSpec spec = ex.getCommandLine().getCommandSpec();
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-") && spec.positionalParameters().isEmpty()
                && !spec.subcommands().isEmpty()) {
            return Optional.of("unknown command '" + u.getUnmatched().get(0) + "' for '" + spec.qualifiedName() + "'");
        }
        return Optional.empty();
    }
}
