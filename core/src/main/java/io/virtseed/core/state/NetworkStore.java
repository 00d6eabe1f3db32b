package io.virtseed.core.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.virtseed.core.error.StateException;
import io.virtseed.core.spec.NetworkSpec;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The networks of one state folder: {@code networks/NAME/network.json}, beside the files the
 * network adapter keeps in the same folder. Callers hold the state lock for changes.
 *
 * <pre>{@code
 * try (var lock = instances.lock()) { networks.save(record); }
 * }</pre>
 */
public final class NetworkStore {

    /** Built on first use: a command that reads no network (an {@code ls}) loads no Jackson. */
    private static final class Json {
        static final ObjectMapper MAPPER = JsonMapper.builder().findAndAddModules()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    private final Path root;

    public NetworkStore(Path stateRoot) {
        this.root = stateRoot.toAbsolutePath().normalize().resolve("networks");
    }

    public Path dir(String name) {
        return root.resolve(NetworkSpec.checkName(name));
    }

    private Path file(String name) {
        return dir(name).resolve("network.json");
    }

    /** Writes the record, creating its folder (0700: it holds the DHCP hosts and leases). */
    public void save(NetworkRecord record) {
        try {
            // the state folder itself stays passable for QEMU; nothing but virtseed and root reads networks
            FileModes.createDirs(root.getParent(), FileModes.TRAVERSABLE_DIR);
            FileModes.createDirs(dir(record.name()), FileModes.PRIVATE_DIR);
            AtomicFiles.write(file(record.name()), Json.MAPPER.writeValueAsBytes(record), AtomicFiles.PRIVATE);
        } catch (IOException e) {
            throw new StateException("cannot write network record of " + record.name() + ": " + e.getMessage(), e);
        }
    }

    public Optional<NetworkRecord> find(String name) {
        try {
            return Optional.of(Json.MAPPER.readValue(Files.readAllBytes(file(name)), NetworkRecord.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StateException("network record " + file(name) + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** Every network with a record, by name. */
    public List<NetworkRecord> list() {
        List<NetworkRecord> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (NetworkSpec.NAME.matcher(n).matches()) {
                    find(n).ifPresent(out::add);
                }
            }
        } catch (IOException e) {
            throw new StateException("cannot list " + root + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(NetworkRecord::name));
        return out;
    }

    /** The names of every network folder, with a record or not (an interrupted run may leave one without). */
    public List<String> folderNames() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (NetworkSpec.NAME.matcher(n).matches() && Files.isDirectory(p)) {
                    out.add(n);
                }
            }
        } catch (IOException e) {
            throw new StateException("cannot list " + root + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /**
     * Removes the network's folder and all in it; absent is fine. The record goes last, so a run
     * killed midway leaves a record through which the next run finds the rest; at worst an empty
     * folder, which {@link #folderNames} still lists.
     */
    public void delete(String name) {
        Path dir = dir(name);
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Trees.delete(dir);
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (!p.equals(file(name))) {
                    Trees.delete(p);
                }
            }
            Files.deleteIfExists(file(name));
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new StateException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }
}
