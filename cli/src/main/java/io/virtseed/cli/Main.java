package io.virtseed.cli;

import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Entry point of the {@code virtseed} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code: 0 ok, 1 failure, 2 bad usage or bad spec. */
    public static int run(String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // the version needs no command model: answer before picocli builds one (most of the start-up)
            for (String line : VersionProvider.lines()) {
                System.out.println(line);
            }
            return ExitCodes.OK;
        }
        Optional<String> help = HelpTexts.lookup(args);
        if (help.isPresent()) { // the same text picocli renders, stored by the build
            System.out.print(help.get());
            System.out.flush();
            return ExitCodes.OK;
        }
        // Guice's bytecode generation warns on new JDKs and virtseed needs none of it (no AOP)
        if (System.getProperty("guice_bytecode_gen_option") == null) {
            System.setProperty("guice_bytecode_gen_option", "DISABLED");
        }
        return newCommandLine(new Wiring.Lazy()).execute(args);
    }

    static CommandLine newCommandLine(Wiring.Lazy wiring) {
        CommandLine cl = new CommandLine(new VirtseedCommand(wiring));
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(new ErrorHandler());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // plain help everywhere: the same text on a terminal as the one the build stores
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        cl.setExecutionStrategy(Main::refuseUnmatched);
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
            if (!unmatched.isEmpty()) {
                CommandLine cl = pr.commandSpec().commandLine();
                boolean commandExpected = pr.commandSpec().positionalParameters().isEmpty()
                        && !pr.commandSpec().subcommands().isEmpty();
                String what = commandExpected ? "unknown command" : "unknown argument";
                throw new CommandLine.UnmatchedArgumentException(cl, what + " '" + unmatched.get(0) + "' for '"
                        + pr.commandSpec().qualifiedName() + "'");
            }
        }
        return new CommandLine.RunLast().execute(parsed);
    }
}
