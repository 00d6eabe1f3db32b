package io.virtseed.network.linux;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A one-connection TCP listener inside a namespace ({@code socat -d -d TCP-LISTEN}), standing in for
 * the metadata service: it reports the peer address of the connection it accepted.
 */
final class NamespaceListener implements AutoCloseable {

    private final Process process;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final CountDownLatch listening = new CountDownLatch(1);
    private final CompletableFuture<Void> reader;

    NamespaceListener(String namespace, String address, int port) throws IOException, InterruptedException {
        process = new ProcessBuilder("ip", "netns", "exec", namespace, "socat", "-d", "-d",
                (address.startsWith("[") ? "TCP6-LISTEN:" : "TCP-LISTEN:") + port + ",bind=" + address + ",reuseaddr",
                "OPEN:/dev/null")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        reader = CompletableFuture.runAsync(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    log.add(line);
                    if (line.contains("listening on")) {
                        listening.countDown();
                    }
                }
            } catch (IOException e) {
                log.add("read failed: " + e.getMessage());
            }
        });
        if (!listening.await(5, TimeUnit.SECONDS)) {
            close();
            throw new IllegalStateException("socat did not listen on " + address + ":" + port + ": " + log);
        }
    }

    /**
     * The address the accepted connection came from, like {@code 10.250.7.10} or {@code fe80::5054:ff:fe00:10};
     * waits for the connection to end.
     */
    String peer() throws InterruptedException {
        process.waitFor(5, TimeUnit.SECONDS);
        try {
            // socat's exit does not mean its last lines are read: wait for the reader to reach the end
            reader.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.add("reader: " + e);
        }
        for (String line : log) {
            var m = PEER.matcher(line);
            if (m.find()) {
                // socat writes IPv6 addresses in full; canonical text compares with ours
                return m.group(1) != null ? m.group(1) : io.virtseed.core.value.IpAddress.parse(m.group(2)).toString();
            }
        }
        return "none: " + log;
    }

    /** socat -d -d: "accepting connection from AF=2 10.0.0.5:40000 ..." or "AF=10 [fe80::1]:40000". */
    private static final java.util.regex.Pattern PEER =
            java.util.regex.Pattern.compile("accepting connection from AF=(?:2 ([0-9.]+):|10 \\[([0-9a-f:]+)(?:%[^]]*)?\\]:)");

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }
}
