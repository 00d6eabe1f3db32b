package io.virtseed.cli;

import io.virtseed.core.lifecycle.PlanRun;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code virtseed up} parsed without picocli, then run by {@link UpRun} as {@link UpCommand} runs
 * it. Building picocli's model took some 100 ms of a 0.5 s {@code up} (its classes cannot go into
 * the AOT cache), as much as all of virtseed's own work before the guest starts. Only the plain
 * spellings are taken: the global options and {@code up}'s own, each at most once, one FILE after
 * {@code up}, values not starting with {@code -} or {@code @}; anything else, help and every error
 * included, goes to picocli, which {@code DirectUpTest} holds this parser to.
 */
final class DirectUp {

    /** The global options, then the command's arguments, as picocli would read them. */
    record Request(Path stateDir, String connect, boolean verbose, boolean quiet, UpRun.Request up) {
    }

    private DirectUp() {
    }

    /** The request when the arguments are an {@code up} in a spelling this parser knows; empty otherwise. */
    static Optional<Request> parse(String[] args, Map<String, String> env) {
        Map<String, String> values = new java.util.HashMap<>();
        java.util.Set<String> flags = new java.util.HashSet<>();
        String file = null;
        boolean up = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            switch (name) {
                case "up" -> {
                    if (up) {
                        if (file != null || !DirectLs.plainValue(a)) {
                            return Optional.empty();
                        }
                        file = a; // a spec file named "up"
                    }
                    up = true;
                }
                case "-v", "--verbose", "-q", "--quiet", "--wait", "--dry-run", "--recreate" -> {
                    String key = switch (name) {
                        case "-v" -> "--verbose";
                        case "-q" -> "--quiet";
                        default -> name;
                    };
                    boolean global = key.equals("--verbose") || key.equals("--quiet");
                    if (value != null || (!global && !up) || !flags.add(key)) {
                        return Optional.empty(); // picocli refuses an option given twice, or a value for a flag
                    }
                }
                case "--state-dir", "--connect", "--timeout", "--instance-id", "--parallel", "-o", "--output" -> {
                    String key = name.equals("-o") ? "--output" : name;
                    boolean global = key.equals("--state-dir") || key.equals("--connect");
                    if (value == null) {
                        if (i + 1 == args.length) {
                            return Optional.empty();
                        }
                        value = args[++i];
                    }
                    if (!DirectLs.plainValue(value) || (!global && !up) || values.putIfAbsent(key, value) != null) {
                        return Optional.empty();
                    }
                }
                default -> {
                    if (!up || file != null || !DirectLs.plainValue(a)) {
                        return Optional.empty();
                    }
                    file = a;
                }
            }
        }
        if (!up || file == null) {
            return Optional.empty();
        }
        Optional<String> dir = DirectLs.valueOrDefault(values.get("--state-dir"), env.get(DirectLs.STATE_DIR_ENV),
                "/var/lib/virtseed");
        Optional<String> uri = DirectLs.valueOrDefault(values.get("--connect"), env.get(DirectLs.CONNECT_ENV),
                "qemu:///system");
        Optional<OutputFormat> format = DirectLs.format(values.getOrDefault("--output", "table"));
        Optional<Duration> timeout = duration(values.getOrDefault("--timeout", "10m"));
        var policy = UpRun.instanceIdPolicy(values.getOrDefault("--instance-id", "stable"));
        Optional<Integer> parallel = count(values.getOrDefault("--parallel", "" + PlanRun.DEFAULT_PARALLELISM));
        if (dir.isEmpty() || uri.isEmpty() || format.isEmpty() || timeout.isEmpty() || policy.isEmpty()
                || parallel.isEmpty()) {
            return Optional.empty();
        }
        UpRun.Request request = new UpRun.Request(Path.of(file), flags.contains("--wait"), timeout.get(),
                flags.contains("--dry-run"), flags.contains("--recreate"), policy.get(), parallel.get(), format.get());
        return Optional.of(new Request(Path.of(dir.get()), uri.get(), flags.contains("--verbose"),
                flags.contains("--quiet"), request));
    }

    /** A plain positive count, as {@code --parallel} takes; empty otherwise (picocli then says what is wrong). */
    private static Optional<Integer> count(String text) {
        if (text.isEmpty() || text.length() > 6 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        int n = Integer.parseInt(text);
        return n >= 1 ? Optional.of(n) : Optional.empty();
    }

    /** Runs {@code up} as {@code UpCommand} does, with the same messages and exit codes on failure. */
    static int run(Request request, PrintWriter out, PrintWriter err) {
        // logging first: a thread that made a logger while SLF4J starts up on this one would leave it a stand-in
        Wiring.logLevel(request.verbose());
        SelectorPreset.apply(); // before the socket to libvirtd is checked
        if (!request.up().dryRun()) {
            Wiring.preloadInBackground(); // then libvirt's bindings, the longest part of up's start
        }
        try (Wiring wiring = new Wiring(new Wiring.Settings(request.stateDir(), request.connect(), request.quiet()),
                System.err)) {
            return new UpRun(request.up(), out, err).run(wiring);
        } catch (Exception e) {
            return ErrorReport.print(e, request.verbose(), err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** A duration {@link Durations} reads; one it refuses is left to picocli, which says why. */
    private static Optional<Duration> duration(String text) {
        return Durations.read(text).duration();
    }
}
