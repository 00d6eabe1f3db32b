package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** main returns instead of exiting only when nothing else would keep the JVM running. */
class MainExitTest {

    @Test
    void aLiveThreadThatIsNoDaemonMakesMainExit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread worker = Thread.ofPlatform().daemon(false).name("vs-worker").start(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertThat(Main.onlyDaemonThreadsLeft()).isFalse();
        } finally {
            release.countDown();
            worker.join();
        }
    }

    @Test
    void daemonThreadsDoNotCount() throws Exception {
        // what this JVM runs besides (the test runner's threads) decides the answer; a daemon must not change it
        boolean before = Main.onlyDaemonThreadsLeft();
        CountDownLatch release = new CountDownLatch(1);
        Thread helper = Thread.ofPlatform().daemon().name("vs-daemon").start(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertThat(Main.onlyDaemonThreadsLeft()).isEqualTo(before);
        } finally {
            release.countDown();
            helper.join();
        }
    }
}
