package io.virtseed.core.image;

import io.virtseed.core.error.SpecException;
import io.virtseed.core.error.StateException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Fetches an image over http(s) into a file. A connection cut mid-way is resumed where it
 * stopped (a {@code Range} request; from the start where the server ignores ranges), a few
 * times; the SHA-256, when given, is checked over the whole file. On any failure the partial
 * file is deleted: nothing half-written is kept.
 */
public final class ImageDownloader {

    /** Told how far the download is; {@code total} is -1 when the server does not say. */
    public interface Progress {
        void update(long done, long total);

        Progress NONE = (done, total) -> { };
    }

    static final int ATTEMPTS = 4;
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    private final HttpClient http;

    public ImageDownloader() {
        this(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build());
    }

    ImageDownloader(HttpClient http) {
        this.http = http;
    }

    /** True for what {@code image import} should download rather than read as a file. */
    public static boolean isUrl(String source) {
        String s = source.toLowerCase(Locale.ROOT);
        return s.startsWith("http://") || s.startsWith("https://");
    }

    /** Downloads {@code url} to {@code out} (which must not exist), checking {@code sha256} when given. */
    public void download(URI url, Optional<String> sha256, Path out, Progress progress) {
        sha256.ifPresent(ImageDownloader::checkHex);
        try {
            fetch(url, out, progress);
            if (sha256.isPresent()) {
                String actual = sha256(out);
                if (!actual.equalsIgnoreCase(sha256.get())) {
                    throw new SpecException("image " + url + " has SHA-256 " + actual + ", not " + sha256.get()
                            + "; nothing was imported");
                }
            }
        } catch (RuntimeException e) {
            deleteQuietly(out);
            throw e;
        }
    }

    private void fetch(URI url, Path out, Progress progress) {
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                if (attemptOnce(url, out, progress)) {
                    return;
                }
                last = new IOException("the connection closed before the whole image arrived");
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StateException("download of " + url + " interrupted", e);
            }
        }
        throw new StateException("cannot download " + url + " after " + ATTEMPTS + " attempts: " + last.getMessage(),
                last);
    }

    /** One request, resuming after what {@code out} holds; true when the image is complete. */
    private boolean attemptOnce(URI url, Path out, Progress progress) throws IOException, InterruptedException {
        long have = Files.exists(out) ? Files.size(out) : 0;
        HttpRequest.Builder req = HttpRequest.newBuilder(url).timeout(READ_TIMEOUT).GET();
        if (have > 0) {
            req.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = resp.body()) {
            int status = resp.statusCode();
            if (status != 200 && status != 206) {
                throw new StateException("cannot download " + url + ": the server answered HTTP " + status);
            }
            long start = status == 206 ? have : 0; // 200: the server ignored the range, so start over
            long length = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
            long total = length < 0 ? -1 : start + length;
            try (OutputStream file = Files.newOutputStream(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    start == 0 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND)) {
                copy(body, file, start, total, progress);
            }
            return total < 0 || Files.size(out) == total;
        }
    }

    private static void copy(InputStream in, OutputStream out, long done, long total, Progress progress)
            throws IOException {
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            done += n;
            progress.update(done, total);
        }
    }

    /** The hex SHA-256 of {@code bytes}, as {@code sha256sum} prints it. */
    public static String sha256Of(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String sha256(Path file) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new StateException("cannot hash " + file + ": " + e.getMessage(), e);
        }
    }

    private static void checkHex(String sha256) {
        if (!sha256.matches("[0-9a-fA-F]{64}")) {
            throw new SpecException("--sha256 takes 64 hex digits, not '" + sha256 + "'");
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the staging folder it lives in is removed by the next import
        }
    }
}
