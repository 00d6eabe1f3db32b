package io.virtseed.core.state;

import io.virtseed.core.ports.MachineEvent;
import io.virtseed.core.value.InstanceName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The lifecycle changes of one instance, as the metadata service saw libvirt report them, kept in
 * {@code events.log} of the instance folder (0600): one line per change, {@code TIME EVENT DETAIL},
 * so {@code ls} and {@code show} can say that a guest crashed or shut itself down, and when, even
 * after it was started again. The file keeps its newest lines: past {@link #MAX_BYTES} the older
 * half is dropped.
 */
public final class EventJournal {

    public static final String FILE = "events.log";
    static final long MAX_BYTES = 64 * 1024;
    private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private final Path file;

    public EventJournal(Path instanceDir) {
        this.file = instanceDir.resolve(FILE);
    }

    /** Appends one change; the folder must exist (a removed instance records nothing). */
    public void append(MachineEvent e) {
        String line = e.at() + " " + word(e.event()) + " " + word(e.detail()) + "\n";
        try {
            if (!Files.exists(file)) {
                FileModes.createPrivateFile(file);
            }
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            if (Files.size(file) > MAX_BYTES) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                String kept = String.join("\n", lines.subList(lines.size() / 2, lines.size())) + "\n";
                AtomicFiles.write(file, kept.getBytes(StandardCharsets.UTF_8), AtomicFiles.PRIVATE);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot record a lifecycle event in " + file, ex);
        }
    }

    /** The recorded changes, oldest first; lines that do not parse are skipped. */
    public List<MachineEvent> read(InstanceName name) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<MachineEvent> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length != 3 || !WORD.matcher(f[1]).matches() || !WORD.matcher(f[2]).matches()) {
                continue;
            }
            try {
                out.add(new MachineEvent(name, Instant.parse(f[0]), f[1], f[2]));
            } catch (DateTimeParseException ignored) {
                // a line cut by a crash mid-write; the next ones are whole
            }
        }
        return out;
    }

    /** The newest recorded change. */
    public Optional<MachineEvent> last(InstanceName name) {
        List<MachineEvent> all = read(name);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Event words are fixed vocabulary; anything else (spaces, newlines) would corrupt the format. */
    private static String word(String w) {
        if (!WORD.matcher(w).matches()) {
            throw new IllegalArgumentException("not an event word: '" + w + "'");
        }
        return w;
    }
}
