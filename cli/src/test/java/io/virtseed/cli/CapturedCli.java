package io.virtseed.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs the CLI in-process, as {@link Main#run(String...)} does, with stdout and stderr captured
 * and a state directory of the test's own.
 *
 * <pre>{@code
 * var r = new CapturedCli(tmp).run("drive", "build", "spec.yaml", "-o", "disk.config");
 * }</pre>
 */
final class CapturedCli {

    /** What one run printed and returned. */
    record Result(int exitCode, String out, String err) {
        String all() {
            return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private final List<String> globalOptions;

    CapturedCli(Path stateDir, String... moreGlobalOptions) {
        List<String> opts = new ArrayList<>(List.of("--state-dir", stateDir.toString()));
        opts.addAll(List.of(moreGlobalOptions));
        this.globalOptions = List.copyOf(opts);
    }

    Result run(String... args) {
        // as Main.run does: virtseed needs no Guice bytecode generation, and new JDKs warn about it
        if (System.getProperty("guice_bytecode_gen_option") == null) {
            System.setProperty("guice_bytecode_gen_option", "DISABLED");
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = CommandLines.all(new Wiring.Lazy());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> argv = new ArrayList<>(globalOptions);
        argv.addAll(List.of(args));
        int code = cl.execute(argv.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * Runs {@link Main#run} itself, which may take a command's direct way around picocli, with
     * {@code System.out} and {@code System.err} captured (the direct ways print to them); the
     * arguments are used as given, without this runner's global options.
     */
    static Result throughMain(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.run(args);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
