package io.virtseed.cli;

import io.virtseed.core.image.ImageDownloader;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows a download's progress: a bar redrawn in place on a terminal, and where the output is a
 * file or a pipe, a plain line at each tenth (or each 64 MiB when the size is unknown), so logs
 * stay readable.
 */
final class DownloadProgressPrinter implements ImageDownloader.Progress {

    private static final int BAR = 30;
    private static final long UNKNOWN_STEP = 64L << 20;

    private final PrintWriter out;
    private final boolean terminal;
    private long lastShown = -1;

    DownloadProgressPrinter(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void update(long done, long total) {
        long mark = total > 0 ? done * (terminal ? 100 : 10) / total : done / UNKNOWN_STEP;
        if (mark == lastShown && done != total) {
            return;
        }
        lastShown = mark;
        if (terminal) {
            out.print("\r" + line(done, total) + (done == total ? "\n" : ""));
        } else {
            out.println(line(done, total));
        }
        out.flush();
    }

    static String line(long done, long total) {
        String size = mib(done) + (total > 0 ? " / " + mib(total) : "") + " MiB";
        if (total <= 0) {
            return "downloaded " + size;
        }
        int filled = (int) (done * BAR / total);
        return "[" + "#".repeat(filled) + " ".repeat(BAR - filled) + "] " + (done * 100 / total) + "% " + size;
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }
}
