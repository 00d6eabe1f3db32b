package io.virtseed.cli;

import java.io.PrintWriter;
import java.util.Optional;

/**
 * Entry point of the {@code virtseed} command. It names no picocli type: picocli's classes are too
 * old a class file version for the AOT cache, and checking one of them here would open the jar
 * (some 7,800 entries, 10 to 20 ms) on every command, the direct ones included.
 * {@link CommandLines} runs the others.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        CliLogging.install(); // before any logger is made
        int code = run(args);
        System.out.flush();
        System.err.flush();
        if (code == ExitCodes.OK && onlyDaemonThreadsLeft()) {
            // the JVM ends as main returns, shutdown hooks and all: System.exit first sets up its own
            // logging (System.Logger, then java.util.logging), some 10 to 15 ms of every command
            return;
        }
        System.exit(code);
    }

    /** True when no thread but this one would keep the JVM running once main returns. */
    static boolean onlyDaemonThreadsLeft() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 8];
        int n = root.enumerate(threads, true);
        if (n == threads.length) {
            return false; // more than counted: not sure
        }
        for (int i = 0; i < n; i++) {
            Thread t = threads[i];
            if (t != Thread.currentThread() && t.isAlive() && !t.isDaemon()) {
                return false;
            }
        }
        return true;
    }

    /** Runs the CLI and returns the exit code: 0 ok, 1 failure, 2 bad usage or bad spec. */
    public static int run(String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // the version needs no command model: answer before picocli builds one (most of the start-up)
            for (String line : Versions.lines()) {
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
        Optional<DirectLs.Request> ls = DirectLs.parse(args, System.getenv());
        if (ls.isPresent()) { // the listing scripts call in loops: no command model to build
            return DirectLs.run(ls.get(), new PrintWriter(System.out, false, System.out.charset()),
                    new PrintWriter(System.err, false, System.err.charset()));
        }
        Optional<DriveBuild.Direct> drive = DriveBuild.parse(args, System.getenv());
        if (drive.isPresent()) { // one drive per guest in image pipelines: no command model either
            return DriveBuild.runDirect(drive.get(), new PrintWriter(System.out, false, System.out.charset()),
                    new PrintWriter(System.err, false, System.err.charset()));
        }
        // Guice's bytecode generation warns on new JDKs and virtseed needs none of it (no AOP)
        if (System.getProperty("guice_bytecode_gen_option") == null) {
            System.setProperty("guice_bytecode_gen_option", "DISABLED");
        }
        Optional<DirectUp.Request> up = DirectUp.parse(args, System.getenv());
        if (up.isPresent()) { // the guest waits on it: no command model to build first
            return DirectUp.run(up.get(), new PrintWriter(System.out, true, System.out.charset()),
                    new PrintWriter(System.err, true, System.err.charset()));
        }
        return CommandLines.execute(args);
    }
}
