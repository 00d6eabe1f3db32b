package io.virtseed.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.virtseed.core.error.SpecException;
import io.virtseed.core.error.StateException;
import io.virtseed.core.exec.ProcessCommandRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code image import NAME URL} against an HTTP server on 127.0.0.1 that can cut its answers short. */
class ImageDownloadIT {

    private static final byte[] IMAGE = image();

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger cutsLeft = new AtomicInteger();
    private final List<String> ranges = Collections.synchronizedList(new ArrayList<>());
    private ImageStore store;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/disk.raw", this::answer);
        server.start();
        store = new ImageStore(dir.resolve("state"), new ProcessCommandRunner());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void downloadsChecksAndImports() throws IOException {
        List<Long> seen = new ArrayList<>();
        BaseImage img = store.importUrl("vs-dl", url("/disk.raw"), Optional.of(ImageDownloader.sha256Of(IMAGE)),
                Optional.empty(), (done, total) -> seen.add(done));
        assertThat(img.format()).isEqualTo("raw");
        assertThat(img.virtualSize()).isEqualTo(IMAGE.length);
        assertThat(seen).isNotEmpty().last().isEqualTo((long) IMAGE.length);
        assertThat(store.names()).containsExactly("vs-dl");
        assertNoStaging();
    }

    @Test
    void aCutDownloadResumesWhereItStopped() throws IOException {
        cutsLeft.set(2);
        BaseImage img = store.importUrl("vs-dl", url("/disk.raw"), Optional.of(ImageDownloader.sha256Of(IMAGE)),
                Optional.empty(), ImageDownloader.Progress.NONE);
        assertThat(Files.readAllBytes(img.path())).isEqualTo(IMAGE);
        assertThat(ranges).hasSize(2).allMatch(r -> r.startsWith("bytes=") && !r.equals("bytes=0-"));
        assertNoStaging();
    }

    @Test
    void aDownloadCutEveryTimeFailsAndKeepsNothing() throws IOException {
        cutsLeft.set(Integer.MAX_VALUE);
        assertThatThrownBy(() -> store.importUrl("vs-dl", url("/disk.raw"), Optional.empty(), Optional.empty(),
                ImageDownloader.Progress.NONE)).isInstanceOf(StateException.class)
                .hasMessageContaining("after " + ImageDownloader.ATTEMPTS + " attempts");
        assertThat(store.names()).isEmpty();
        assertNoStaging();
    }

    @Test
    void aWrongChecksumImportsNothing() throws IOException {
        String wrong = "0".repeat(64);
        assertThatThrownBy(() -> store.importUrl("vs-dl", url("/disk.raw"), Optional.of(wrong), Optional.empty(),
                ImageDownloader.Progress.NONE)).isInstanceOf(SpecException.class)
                .hasMessageContaining("not " + wrong);
        assertThat(store.names()).isEmpty();
        assertNoStaging();
    }

    @Test
    void aMissingFileSaysWhatTheServerAnswered() throws IOException {
        assertThatThrownBy(() -> store.importUrl("vs-dl", url("/nope.raw"), Optional.empty(), Optional.empty(),
                ImageDownloader.Progress.NONE)).hasMessageContaining("HTTP 404");
        assertNoStaging();
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void assertNoStaging() throws IOException {
        Path images = dir.resolve("state/images");
        if (Files.isDirectory(images)) {
            try (Stream<Path> s = Files.list(images)) {
                assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
            }
        }
    }

    /** The image, or its tail from a {@code Range: bytes=N-}; cut in the middle while cuts are left. */
    private void answer(HttpExchange ex) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        int from = 0;
        if (range != null) {
            ranges.add(range);
            from = Integer.parseInt(range.substring("bytes=".length(), range.indexOf('-')));
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (IMAGE.length - 1) + "/" + IMAGE.length);
        }
        int length = IMAGE.length - from;
        ex.sendResponseHeaders(range == null ? 200 : 206, length);
        OutputStream body = ex.getResponseBody();
        if (cutsLeft.getAndDecrement() > 0) {
            body.write(IMAGE, from, length / 2);
            body.flush();
            ex.close(); // fewer bytes than announced: the server drops the connection mid-body
            return;
        }
        body.write(IMAGE, from, length);
        body.close();
    }

    private static byte[] image() {
        byte[] b = new byte[3 << 20];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31 + (i >> 12));
        }
        return b;
    }
}
