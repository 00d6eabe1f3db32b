package io.virtseed.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** Base of subcommands: access to the wiring and to stdout, and the run/close frame. */
abstract class WiredCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        try (Wiring wiring = VirtseedCommand.root(spec).wiring()) {
            return execute(wiring);
        } finally {
            out().flush();
        }
    }

    abstract int execute(Wiring wiring) throws Exception;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
