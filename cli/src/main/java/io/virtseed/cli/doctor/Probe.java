package io.virtseed.cli.doctor;

import io.virtseed.core.error.CommandException;
import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.CommandResult;
import io.virtseed.core.exec.CommandRunner;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Runs a host tool for a check and never throws: a missing tool, a non-zero exit and a timeout
 * are all findings the doctor reports, not errors that end it.
 */
record Probe(CommandRunner runner, List<java.nio.file.Path> sbinDirs) {

    /**
     * Where root's tools live when the caller's PATH lacks them: on Debian an ordinary user's PATH
     * has no sbin, yet dnsmasq and iptables are there, and virtseed itself finds them there.
     */
    static final List<java.nio.file.Path> SBIN = List.of(java.nio.file.Path.of("/usr/local/sbin"),
            java.nio.file.Path.of("/usr/sbin"), java.nio.file.Path.of("/sbin"));

    /** A probe that looks for tools on PATH only. */
    Probe(CommandRunner runner) {
        this(runner, List.of());
    }

    /** A stuck libvirtd must not hang the doctor; every tool here answers in well under a second. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Integer[] ANY_EXIT = IntStream.range(0, 256).boxed().toArray(Integer[]::new);

    /**
     * What a command printed and how it ended.
     *
     * @param exitCode its exit code; {@link #NOT_FOUND} when it could not start, -1 when it timed out
     */
    record Reply(int exitCode, String stdout, String stderr) {

        /** What a shell says for a program it cannot find. */
        static final int NOT_FOUND = 127;

        boolean ok() {
            return exitCode == 0;
        }

        boolean notFound() {
            return exitCode == NOT_FOUND;
        }

        /** The first non-blank line of stdout, else of stderr. */
        String firstLine() {
            return first(stdout).isEmpty() ? first(stderr) : first(stdout);
        }

        /** What went wrong, in one line: virsh's last "error:" line, else the last line of stderr. */
        String problem() {
            List<String> lines = stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            if (lines.isEmpty()) {
                return exitCode < 0 ? "did not run" : "exit " + exitCode;
            }
            String last = lines.get(lines.size() - 1);
            return last.startsWith("error: ") ? last.substring("error: ".length()) : last;
        }

        private static String first(String text) {
            return text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        }
    }

    Reply run(String... argv) {
        Reply r = runOnce(argv);
        if (r.notFound() && !argv[0].contains("/")) {
            for (java.nio.file.Path dir : sbinDirs) {
                java.nio.file.Path tool = dir.resolve(argv[0]);
                if (java.nio.file.Files.isExecutable(tool)) {
                    String[] again = argv.clone();
                    again[0] = tool.toString();
                    return runOnce(again);
                }
            }
        }
        return r;
    }

    private Reply runOnce(String... argv) {
        try {
            CommandResult r = runner.run(Command.of(argv).allowing(ANY_EXIT).withTimeout(TIMEOUT));
            return new Reply(r.exitCode(), r.stdout(), r.stderr());
        } catch (CommandException e) {
            String message = String.valueOf(e.getMessage());
            // the runner reports a program it cannot start (not installed, not on PATH) this way
            return new Reply(message.startsWith("cannot start") ? Reply.NOT_FOUND : -1, "", message);
        }
    }

    /** {@code virsh -c URI ARGS...}: virsh connects and asks, and never starts a daemon for a system URI. */
    Reply virsh(String uri, String... args) {
        String[] argv = new String[args.length + 3];
        argv[0] = "virsh";
        argv[1] = "-c";
        argv[2] = uri;
        System.arraycopy(args, 0, argv, 3, args.length);
        return run(argv);
    }
}
