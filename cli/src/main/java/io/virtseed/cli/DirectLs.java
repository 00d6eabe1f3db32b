package io.virtseed.cli;

import io.virtseed.core.lifecycle.InstanceView;
import io.virtseed.core.ports.MachineEvent;
import io.virtseed.core.ports.MachineStatus;
import io.virtseed.core.state.EventJournal;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.value.InstanceName;
import io.virtseed.libvirt.connect.LeanListing;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code virtseed ls} parsed and run without picocli. picocli's classes are too old a class file
 * version for the JDK's AOT cache, so loading and building its model is the larger part of an
 * {@code ls}; a listing is what scripts call in loops. Only the plain spellings are taken here
 * (the global options, {@code ls}, {@code -o}/{@code --output}, each at most once, values not
 * starting with {@code -} or {@code @}); anything else, help and every error included, goes to
 * picocli, which {@code DirectLsTest} holds this parser to.
 */
final class DirectLs {

    /** What the arguments ask for, as picocli would read them. */
    record Request(Path stateDir, String connect, boolean verbose, boolean quiet, OutputFormat output) {
    }

    static final String STATE_DIR_ENV = "VIRTSEED_STATE_DIR";
    static final String CONNECT_ENV = "VIRTSEED_CONNECT";

    private DirectLs() {
    }

    /** The request when the arguments are an {@code ls} in a spelling this parser knows; empty otherwise. */
    static Optional<Request> parse(String[] args, Map<String, String> env) {
        String stateDir = null;
        String connect = null;
        String output = null;
        boolean verbose = false;
        boolean quiet = false;
        boolean ls = false;
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
                case "ls" -> {
                    if (ls) {
                        return Optional.empty();
                    }
                    ls = true;
                }
                case "-v", "--verbose", "-q", "--quiet" -> {
                    boolean isVerbose = name.equals("-v") || name.equals("--verbose");
                    if (value != null || (isVerbose ? verbose : quiet)) {
                        return Optional.empty();
                    }
                    verbose |= isVerbose;
                    quiet |= !isVerbose;
                }
                case "--state-dir", "--connect", "-o", "--output" -> {
                    if (value == null) {
                        if (i + 1 == args.length) {
                            return Optional.empty();
                        }
                        value = args[++i];
                    }
                    if (!plainValue(value) || (name.startsWith("-o") || name.equals("--output")) && !ls) {
                        return Optional.empty();
                    }
                    String before = switch (name) {
                        case "--state-dir" -> stateDir;
                        case "--connect" -> connect;
                        default -> output;
                    };
                    if (before != null) {
                        return Optional.empty(); // picocli refuses an option given twice
                    }
                    switch (name) {
                        case "--state-dir" -> stateDir = value;
                        case "--connect" -> connect = value;
                        default -> output = value;
                    }
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        if (!ls) {
            return Optional.empty();
        }
        Optional<String> dir = valueOrDefault(stateDir, env.get(STATE_DIR_ENV), "/var/lib/virtseed");
        Optional<String> uri = valueOrDefault(connect, env.get(CONNECT_ENV), "qemu:///system");
        Optional<OutputFormat> format = format(output == null ? "table" : output);
        if (dir.isEmpty() || uri.isEmpty() || format.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Request(Path.of(dir.get()), uri.get(), verbose, quiet, format.get()));
    }

    /** Runs the listing as {@code LsCommand} does, with the same messages and exit codes on failure. */
    static int run(Request request, PrintWriter out, PrintWriter err) {
        if (certainlyNoRecord(request.stateDir())) { // no logging, no Jackson, no libvirt to set up
            if (request.output() == OutputFormat.JSON) {
                out.println(Views.EMPTY_JSON);
            } else {
                out.print(Views.table(List.of()));
            }
            out.flush();
            return ExitCodes.OK;
        }
        if (!request.verbose() && LeanListing.handles(request.connect())) {
            try {
                Optional<List<InstanceView>> views = leanViews(request.stateDir(), request.connect());
                if (views.isPresent()) {
                    return print(views.get(), request.output(), out);
                }
            } catch (Exception e) {
                return ErrorReport.print(e, request.verbose(), err); // the record store's own error, as below
            } finally {
                out.flush();
            }
        }
        Wiring.logLevel(request.verbose());
        try (Wiring wiring = new Wiring(new Wiring.Settings(request.stateDir(), request.connect(), request.quiet()),
                System.err)) {
            return print(wiring, request.output(), out);
        } catch (Exception e) {
            return ErrorReport.print(e, request.verbose(), err);
        } finally {
            out.flush();
        }
    }

    /** The listing itself, for both ways in. */
    static int print(Wiring wiring, OutputFormat output, PrintWriter out) {
        return print(wiring.virtseed().list(), output, out);
    }

    private static int print(List<InstanceView> views, OutputFormat output, PrintWriter out) {
        if (output == OutputFormat.JSON) {
            out.println(Views.json(views));
        } else {
            out.print(Views.table(views));
        }
        return ExitCodes.OK;
    }

    /**
     * {@code Lifecycle.list}'s views without the library's object graph: the records as the store
     * reads them, the states from {@link LeanListing} (the adapter's, as {@code LeanListingTest}
     * and {@code LeanListingSystemIT} hold it), the last event from each folder's journal. Empty
     * when the lean listing cannot answer for sure; the whole way then connects again and reports
     * what is wrong in its own words. {@code -v} goes the whole way too, for its debug log.
     */
    static Optional<List<InstanceView>> leanViews(Path stateDir, String uri) {
        NativeSearchPath.presetForLibvirt(); // or JNA runs ldconfig to learn the library folders
        SelectorPreset.apply();
        // the connection to libvirtd's socket (or libvirt's library, bound) is made while the
        // records are read: some 20 to 40 ms each here
        try (LeanListing.Pending listing = LeanListing.begin(uri)) {
            InstanceStore store = new InstanceStore(stateDir);
            List<InstanceRecord> records = store.list();
            if (records.isEmpty()) {
                return Optional.of(List.of());
            }
            Set<InstanceName> names = new HashSet<>();
            records.forEach(r -> names.add(InstanceName.of(r.name())));
            Optional<Map<InstanceName, MachineStatus>> states = listing.states(stateDir, names);
            if (states.isEmpty()) {
                return Optional.empty();
            }
            List<InstanceView> out = new ArrayList<>(records.size());
            for (InstanceRecord r : records) {
                InstanceName n = InstanceName.of(r.name());
                Path dir = store.dir(n);
                // most folders have no journal: asking first spares an exception a record (its stack trace too)
                Optional<MachineEvent> last = Files.exists(dir.resolve(EventJournal.FILE))
                        ? new EventJournal(dir).last(n) : Optional.empty();
                out.add(new InstanceView(r, Optional.ofNullable(states.get().get(n)), dir, last));
            }
            return Optional.of(out);
        }
    }

    /**
     * True only when the state folder surely holds no instance record, so the listing is empty
     * whatever libvirt says; any doubt (a folder that cannot be read, a record that may exist)
     * is left to the whole way, which reads or reports it. The checks are {@code InstanceStore}'s.
     */
    static boolean certainlyNoRecord(Path stateDir) {
        Path instances = stateDir.toAbsolutePath().normalize().resolve("instances");
        if (!Files.isDirectory(instances)) {
            return true; // the store lists nothing either
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(instances)) {
            for (Path p : ds) {
                if (!p.getFileName().toString().startsWith(".") && Files.isDirectory(p)
                        && !Files.notExists(p.resolve("instance.json"))) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Values picocli could read another way (an option name, an argument file) are left to it; DirectUp too. */
    static boolean plainValue(String value) {
        return !value.isEmpty() && !value.startsWith("-") && !value.startsWith("@");
    }

    /** The option's value, else the variable's, else the default; empty for a set but empty variable. */
    static Optional<String> valueOrDefault(String value, String variable, String fallback) {
        if (value != null) {
            return Optional.of(value);
        }
        if (variable == null) {
            return Optional.of(fallback);
        }
        return variable.isEmpty() ? Optional.empty() : Optional.of(variable);
    }

    static Optional<OutputFormat> format(String text) {
        for (OutputFormat f : OutputFormat.values()) {
            if (f.name().equals(text.toUpperCase(Locale.ROOT))) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
