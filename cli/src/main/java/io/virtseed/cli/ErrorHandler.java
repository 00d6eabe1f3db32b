package io.virtseed.cli;

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
        return ErrorReport.print(ex, VirtseedCommand.verbose(cl), cl.getErr());
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
