package io.virtseed.network.metadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The daemon in its own JVM, as {@code virtseed serve} runs it, so a test can kill it. */
final class DaemonProcess {

    private final Process process;
    private final Path log;

    private DaemonProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static DaemonProcess start(Path state) throws IOException {
        Path log = Files.createTempFile(state, "daemon-", ".log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), MetadataDaemon.class.getName(),
                state.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new DaemonProcess(p, log);
    }

    /**
     * Waits until the service accepts a connection from the guest (polled every 10 ms from a socket
     * made in the guest's namespace, cheaper than a process per try), then until {@code url} gets a 200.
     */
    void awaitAnswer(TestNetwork.Guest g, String url, long millis) throws Exception {
        long end = System.nanoTime() + millis * 1_000_000;
        while (!Curl.accepts(g, java.net.URI.create(url)) && process.isAlive() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        Curl.Reply r = Hosts.await(() -> Curl.get(g, url), x -> x.status() == 200 || !process.isAlive(), millis);
        if (r.status() != 200) {
            throw new AssertionError("the daemon did not answer " + url + ": " + r + "\n" + String.join("\n", log()));
        }
    }

    List<String> log() throws IOException {
        return Files.readAllLines(log);
    }

    /** SIGKILL, as a crash would end it. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
