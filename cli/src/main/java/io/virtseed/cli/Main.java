package io.virtseed.cli;

import picocli.CommandLine;

/** Entry point of the {@code virtseed} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code: 0 ok, 1 failure, 2 bad usage or bad spec. */
    public static int run(String... args) {
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
        return cl;
    }
}
