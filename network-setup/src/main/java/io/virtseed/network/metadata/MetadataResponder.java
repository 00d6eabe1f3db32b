package io.virtseed.network.metadata;

import io.virtseed.core.metadata.HttpAnswer;
import io.virtseed.core.metadata.HttpRequest;
import io.virtseed.core.metadata.MetadataEvents;
import io.virtseed.core.metadata.PasswordFile;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request by (network, source address) -> instance -> its view, and carries out the
 * answer's effect: the password is stored before the answer goes out; events (first fetch, ready)
 * are written on a background thread. One log line per request at debug, without any content.
 */
final class MetadataResponder implements HttpListeners.Responder {

    private static final Logger LOG = LoggerFactory.getLogger("io.virtseed.network.metadata.requests");

    private final Supplier<StateScanner.Snapshot> snapshot;
    private final Executor background;

    MetadataResponder(Supplier<StateScanner.Snapshot> snapshot, Executor background) {
        this.snapshot = snapshot;
        this.background = background;
    }

    @Override
    public HttpAnswer respond(String network, InetAddress source, HttpRequest request) {
        long start = System.nanoTime();
        Optional<ServedInstance> found = snapshot.get().find(network, source);
        HttpAnswer a = found.map(s -> answer(s, request)).orElseGet(HttpAnswer::notFound);
        if (LOG.isDebugEnabled()) {
            LOG.debug("network={} source={} instance={} {} /{} status={} micros={}", network, source.getHostAddress(),
                    found.map(ServedInstance::name).orElse("-"), request.method(), request.normalizedPath(), a.status(),
                    (System.nanoTime() - start) / 1000);
        }
        return a;
    }

    private HttpAnswer answer(ServedInstance s, HttpRequest request) {
        HttpAnswer a;
        // one password decision at a time per instance: the 409 check and the store belong together
        synchronized (s) {
            a = s.view().answer(request, () -> PasswordFile.read(s.dir()));
            if (a.effect() == HttpAnswer.Effect.STORE_PASSWORD) {
                try {
                    PasswordFile.write(s.dir(), request.body());
                } catch (RuntimeException e) {
                    LOG.warn("instance {}: {}", s.name(), e.getMessage());
                    return new HttpAnswer(500, HttpAnswer.TEXT, "500 Internal Server Error".getBytes(),
                            HttpAnswer.Effect.NONE);
                }
            }
        }
        if (a.effect() == HttpAnswer.Effect.READY) {
            note(s, true);
        } else if (!s.fetchNoted().getAndSet(true)) {
            note(s, false);
        }
        return a;
    }

    /** Records an event; the background executor is one thread, so the read-modify-write is not racing. */
    private void note(ServedInstance s, boolean ready) {
        Instant at = Instant.now();
        background.execute(() -> {
            try {
                MetadataEvents events = MetadataEvents.read(s.dir());
                (ready ? events.readyAt(at) : events.fetched(at)).write(s.dir());
            } catch (RuntimeException e) {
                LOG.warn("instance {}: cannot record a metadata event: {}", s.name(), e.getMessage());
            }
        });
    }
}
