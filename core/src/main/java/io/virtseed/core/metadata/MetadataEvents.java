package io.virtseed.core.metadata;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.virtseed.core.error.StateException;
import io.virtseed.core.state.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the metadata service saw of one guest ({@code instances/NAME/metadata-events.json}): when
 * it first fetched its metadata and when it reported ready. {@code show} and {@code wait} read it.
 *
 * <pre>{@code
 * MetadataEvents e = MetadataEvents.read(dir);
 * e.ready().ifPresent(t -> ...);
 * }</pre>
 *
 * @param firstFetch the first request answered for this instance
 * @param ready      the first readiness report (cloud-init's phone_home)
 */
public record MetadataEvents(Optional<Instant> firstFetch, Optional<Instant> ready) {

    public static final String FILE_NAME = "metadata-events.json";
    private static final MetadataEvents NONE = new MetadataEvents(Optional.empty(), Optional.empty());
    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    public MetadataEvents {
        Objects.requireNonNull(firstFetch, "firstFetch");
        Objects.requireNonNull(ready, "ready");
    }

    public static MetadataEvents none() {
        return NONE;
    }

    /** The events recorded in an instance folder; none when the file is absent. */
    public static MetadataEvents read(Path instanceDir) {
        Path file = instanceDir.resolve(FILE_NAME);
        try {
            return JSON.readValue(Files.readAllBytes(file), MetadataEvents.class);
        } catch (NoSuchFileException e) {
            return NONE;
        } catch (IOException e) {
            throw new StateException("metadata events " + file + " are unreadable: " + e.getMessage(), e);
        }
    }

    public void write(Path instanceDir) {
        try {
            AtomicFiles.write(instanceDir.resolve(FILE_NAME), JSON.writeValueAsBytes(this), AtomicFiles.PRIVATE);
        } catch (IOException e) {
            throw new StateException("cannot write metadata events in " + instanceDir + ": " + e.getMessage(), e);
        }
    }

    /** These events with a first fetch at {@code at}, unless one is recorded already. */
    public MetadataEvents fetched(Instant at) {
        return firstFetch.isPresent() ? this : new MetadataEvents(Optional.of(at), ready);
    }

    /** These events with ready at {@code at}, unless recorded already. */
    public MetadataEvents readyAt(Instant at) {
        return ready.isPresent() ? this : new MetadataEvents(firstFetch.or(() -> Optional.of(at)), Optional.of(at));
    }
}
