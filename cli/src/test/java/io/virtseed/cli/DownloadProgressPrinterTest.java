package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DownloadProgressPrinterTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private String feed(boolean terminal, long total, long step) {
        var p = new DownloadProgressPrinter(new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8)), terminal);
        for (long done = step; done <= total; done += step) {
            p.update(done, total);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainOutputGetsALineAtEachTenth() {
        String out = feed(false, 100L << 20, 1L << 20);
        assertThat(out.lines()).hasSize(11).last().asString().startsWith("[" + "#".repeat(30) + "] 100% 100.0 / 100.0");
        assertThat(out).doesNotContain("\r");
    }

    @Test
    void aTerminalGetsOneBarRedrawnInPlace() {
        String out = feed(true, 10L << 20, 1L << 20);
        assertThat(out).startsWith("\r[###").contains("\r[##############################] 100%").endsWith("MiB\n");
        assertThat(out.split("\n")).hasSize(1); // one line, redrawn with carriage returns
    }

    @Test
    void anUnknownSizeShowsBytesSoFar() {
        assertThat(DownloadProgressPrinter.line(3L << 20, -1)).isEqualTo("downloaded 3.0 MiB");
    }
}
