package io.virtseed.core.metadata;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.virtseed.core.error.StateException;
import io.virtseed.core.state.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An instance's saved metadata, {@code instances/NAME/metadata.json} (0600: it holds the admin
 * password and user data). Written once when the instance is created; the config drive and the
 * HTTP service both render from what {@link #read} returns, so a restarted metadata daemon serves
 * exactly what the drive holds.
 *
 * <pre>{@code
 * MetadataFile.write(instanceDir, md);
 * InstanceMetadata same = MetadataFile.read(instanceDir).orElseThrow();
 * }</pre>
 */
public final class MetadataFile {

    public static final String FILE_NAME = "metadata.json";
    static final int CURRENT_VERSION = 1;

    /** Built on first use: {@code up} writes by hand ({@link MetadataWriter}), and reads nothing back. */
    private static final class Json {
        static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new Jdk8Module())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    private MetadataFile() {
    }

    /** The file in an instance folder. */
    public static Path path(Path instanceDir) {
        return instanceDir.resolve(FILE_NAME);
    }

    /** Saves the metadata atomically, readable by the owner only. */
    public static void write(Path instanceDir, InstanceMetadata md) {
        write(instanceDir, md, AtomicFiles.Sync.NOW);
    }

    /** As {@link #write(Path, InstanceMetadata)}; {@code sync} says when the file reaches the disk. */
    public static void write(Path instanceDir, InstanceMetadata md, AtomicFiles.Sync sync) {
        try {
            byte[] bytes = MetadataWriter.write(CURRENT_VERSION, md).orElse(null);
            AtomicFiles.write(path(instanceDir), bytes != null ? bytes : writtenByMapper(md), AtomicFiles.PRIVATE, sync);
        } catch (IOException e) {
            throw new StateException("cannot save the metadata of " + md.uuid() + ": " + e.getMessage(), e);
        }
    }

    /** The saved metadata; empty when the instance has none (yet). Every field is checked again. */
    public static Optional<InstanceMetadata> read(Path instanceDir) {
        Path file = path(instanceDir);
        try {
            JsonNode root = Json.MAPPER.readTree(Files.readAllBytes(file));
            int version = root.path("version").asInt(-1);
            if (version != CURRENT_VERSION || !root.path("metadata").isObject()) {
                throw new StateException("saved metadata " + file + " has version " + version + ", not "
                        + CURRENT_VERSION);
            }
            return Optional.of(Json.MAPPER.treeToValue(root.get("metadata"), InstanceMetadata.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            if (e instanceof StateException s) {
                throw s;
            }
            // no parser message: it may quote the content, which holds secrets
            throw new StateException("saved metadata " + file + " is unreadable (" + e.getClass().getSimpleName()
                    + ")", e);
        }
    }

    /** The file's bytes as the mapper writes them: what {@link MetadataWriter} is held to. */
    static byte[] writtenByMapper(InstanceMetadata md) throws IOException {
        return Json.MAPPER.writeValueAsBytes(new Saved(CURRENT_VERSION, md));
    }

    record Saved(int version, InstanceMetadata metadata) {
    }
}
