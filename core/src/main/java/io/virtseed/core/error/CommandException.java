package io.virtseed.core.error;

import java.util.List;

/** A host command failed: it names the argument list, exit code and the tail of stderr. */
public final class CommandException extends VirtseedException {

    private final List<String> argv;
    private final int exitCode;
    private final String stderrTail;

    public CommandException(List<String> argv, int exitCode, String stderrTail, String what) {
        super(what + ": " + String.join(" ", argv) + (exitCode >= 0 ? " exited " + exitCode : "")
                + (stderrTail.isBlank() ? "" : ": " + stderrTail.strip()), null);
        this.argv = List.copyOf(argv);
        this.exitCode = exitCode;
        this.stderrTail = stderrTail;
    }

    public List<String> argv() {
        return argv;
    }

    /** The exit code, or -1 when the command did not run to an exit (not found, timed out). */
    public int exitCode() {
        return exitCode;
    }

    public String stderrTail() {
        return stderrTail;
    }
}
