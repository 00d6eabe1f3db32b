package io.virtseed.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleWatcherTest {

    @TempDir
    Path tmp;

    @Test
    void findsTheLineOnceItIsCompleteAndNotAgain() throws IOException {
        Path log = tmp.resolve("console.log");
        var watcher = new ConsoleWatcher(log);
        assertThat(watcher.poll(ConsoleWatcher.CLOUD_INIT_FINISHED)).as("no log yet").isEmpty();

        Files.writeString(log, "[  3.1] booting\n[ 40.2] cloud-init[1]: Cloud-init v. 22.4.2 fin");
        assertThat(watcher.poll(ConsoleWatcher.CLOUD_INIT_FINISHED)).as("half a line").isEmpty();
        assertThat(watcher.poll(ConsoleWatcher.CLOUD_INIT_FINISHED)).as("nothing new").isEmpty();

        Files.writeString(log, "ished at Wed, 02 Dec 2026\n", StandardOpenOption.APPEND);
        assertThat(watcher.poll(ConsoleWatcher.CLOUD_INIT_FINISHED))
                .contains("Cloud-init v. 22.4.2 finished at Wed, 02 Dec 2026");
        assertThat(watcher.poll(ConsoleWatcher.CLOUD_INIT_FINISHED)).as("already reported").isEmpty();
    }
}
