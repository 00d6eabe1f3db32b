package io.virtseed.core.lifecycle;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads a guest's serial console log: its tail, and whether a line matching a pattern has appeared. */
public final class ConsoleWatcher {

    /** cloud-init's default final message: "Cloud-init v. 22.4.2 finished at ...". */
    public static final Pattern CLOUD_INIT_FINISHED = Pattern.compile("Cloud-init v\\. \\S+ finished at ");

    private final Path log;
    private long offset;
    private final StringBuilder partial = new StringBuilder();

    public ConsoleWatcher(Path log) {
        this.log = log;
    }

    /** Reads what was appended since the last call and returns the first new line matching, if any. */
    public Optional<String> poll(Pattern pattern) throws IOException {
        if (!Files.isRegularFile(log)) {
            return Optional.empty();
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long len = f.length();
            if (len < offset) {
                offset = 0; // the log was truncated (guest restarted)
                partial.setLength(0);
            }
            if (len == offset) {
                return Optional.empty();
            }
            byte[] buf = new byte[(int) Math.min(len - offset, 1 << 20)];
            f.seek(offset);
            f.readFully(buf);
            offset += buf.length;
            partial.append(new String(buf, StandardCharsets.UTF_8));
        }
        Optional<String> found = Optional.empty();
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
            String line = partial.substring(0, nl);
            partial.delete(0, nl + 1);
            var m = pattern.matcher(line);
            if (found.isEmpty() && m.find()) {
                found = Optional.of(line.substring(m.start()).strip()); // without the kernel/journal prefix before it
            }
        }
        return found;
    }

    /** The last {@code lines} lines of the log, control characters removed; empty when there is no log. */
    public static List<String> tail(Path log, int lines) {
        if (!Files.isRegularFile(log)) {
            return List.of();
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long len = f.length();
            if (len == 0) {
                return List.of(); // made empty at create; the guest has written nothing yet
            }
            long start = Math.max(0, len - 64 * 1024);
            byte[] buf = new byte[(int) (len - start)];
            f.seek(start);
            f.readFully(buf);
            String[] all = new String(buf, StandardCharsets.UTF_8).split("\r?\n");
            List<String> out = new ArrayList<>();
            for (int i = Math.max(0, all.length - lines); i < all.length; i++) {
                out.add(all[i].replaceAll("[\\p{Cntrl}&&[^\t]]", ""));
            }
            return out;
        } catch (IOException e) {
            return List.of("(console log unreadable: " + e.getMessage() + ")");
        }
    }
}
