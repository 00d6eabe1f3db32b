package io.virtseed.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/** The CLI as picocli runs it: every command that {@link Main} does not answer directly. */
final class CommandLines {

    private CommandLines() {
    }

    /** Parses and runs the arguments with the command model of the command they name. */
    static int execute(String... args) {
        return newCommandLine(new Wiring.Lazy(), commandNamed(args)).execute(args);
    }

    /** The CLI with every command: for help, completion and the man page. */
    static CommandLine all(Wiring.Lazy wiring) {
        return newCommandLine(wiring, VirtseedCommand.COMMANDS);
    }

    /** The command class the arguments' first word names; every command when none or no known one. */
    static List<Class<?>> commandNamed(String... args) {
        for (int i = 0; i < args.length; i++) {
            if (VirtseedCommand.OPTIONS_WITH_VALUE.contains(args[i])) {
                i++;
            } else if (!args[i].startsWith("-")) {
                for (Class<?> c : VirtseedCommand.COMMANDS) {
                    Command command = c.getAnnotation(Command.class);
                    if (command.name().equals(args[i]) && !c.equals(CommandLine.HelpCommand.class)) {
                        return List.of(c); // help shows the others: it gets them all
                    }
                }
                break;
            }
        }
        return VirtseedCommand.COMMANDS;
    }

    private static CommandLine newCommandLine(Wiring.Lazy wiring, List<Class<?>> commands) {
        CommandLine cl = new CommandLine(new VirtseedCommand(wiring));
        for (Class<?> c : commands) {
            cl.addSubcommand(c); // before the settings below: they reach the commands present
        }
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(new ErrorHandler());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // plain help everywhere: the same text on a terminal as the one the build stores
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        cl.setExecutionStrategy(CommandLines::refuseUnmatched);
        return cl;
    }

    /**
     * Picocli lets words it does not know pass when {@code --help} is among the arguments, and
     * then prints the parent's usage: {@code virtseed serve --help} would exit 0 for a command
     * that does not exist. Refuse them first, as without {@code --help}.
     */
    private static int refuseUnmatched(ParseResult parsed) {
        for (ParseResult pr = parsed; pr != null; pr = pr.subcommand()) {
            List<String> unmatched = pr.unmatched();
            if (!unmatched.isEmpty()) { // the error handler says "unknown command" where it is one
                throw new CommandLine.UnmatchedArgumentException(pr.commandSpec().commandLine(), unmatched);
            }
        }
        return new CommandLine.RunLast().execute(parsed);
    }
}
