package io.virtseed.core.exec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A host command as an argument list: never a shell string.
 *
 * <pre>{@code
 * runner.run(Command.of("qemu-img", "info", "--output=json", path.toString()));
 * }</pre>
 *
 * @param argv          program and arguments
 * @param timeout       the command is killed after this long
 * @param okExitCodes   exit codes that count as success
 * @param netns         run inside this network namespace ({@code ip netns exec NAME ...})
 * @param stdin         bytes written to the command's standard input, if any
 */
public record Command(List<String> argv, Duration timeout, Set<Integer> okExitCodes, Optional<String> netns,
        Optional<byte[]> stdin) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty() || argv.get(0).isBlank()) {
            throw new IllegalArgumentException("a command needs a program");
        }
        for (String a : argv) {
            if (a.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("command argument contains NUL: " + argv.get(0));
            }
        }
        Objects.requireNonNull(timeout, "timeout");
        okExitCodes = Set.copyOf(okExitCodes);
        Objects.requireNonNull(netns, "netns");
        Objects.requireNonNull(stdin, "stdin");
    }

    public static Command of(String... argv) {
        return new Command(List.of(argv), DEFAULT_TIMEOUT, Set.of(0), Optional.empty(), Optional.empty());
    }

    public static Command of(List<String> argv) {
        return new Command(argv, DEFAULT_TIMEOUT, Set.of(0), Optional.empty(), Optional.empty());
    }

    public Command withTimeout(Duration t) {
        return new Command(argv, t, okExitCodes, netns, stdin);
    }

    public Command allowing(Integer... codes) {
        return new Command(argv, timeout, Set.of(codes), netns, stdin);
    }

    public Command inNetns(String ns) {
        return new Command(argv, timeout, okExitCodes, Optional.of(ns), stdin);
    }

    public Command withStdin(byte[] input) {
        return new Command(argv, timeout, okExitCodes, netns, Optional.of(input.clone()));
    }

    /** The argument list actually executed, including the namespace wrapper. */
    public List<String> effectiveArgv() {
        if (netns.isEmpty()) {
            return argv;
        }
        var full = new java.util.ArrayList<String>(List.of("ip", "netns", "exec", netns.get()));
        full.addAll(argv);
        return List.copyOf(full);
    }

    @Override
    public String toString() {
        return String.join(" ", effectiveArgv());
    }
}
