package io.virtseed.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtseed.core.error.NotFoundException;
import io.virtseed.core.error.SpecException;
import io.virtseed.core.error.StateException;
import io.virtseed.core.exec.CommandRunner;
import io.virtseed.core.spec.BootSpec;
import io.virtseed.core.spec.ImageRef;
import io.virtseed.core.state.AtomicFiles;
import io.virtseed.core.state.FileModes;
import io.virtseed.core.state.FlatJson;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.state.Trees;
import io.virtseed.core.value.ImageName;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Base images under {@code <state>/images/<name>/}. Each import makes a new generation folder
 * ({@code <name>/g<millis>-<pid>/}: {@code disk.<format>}, optional {@code vmlinuz}/{@code initrd.img},
 * {@code image.json}) and then points {@code <name>/current} at it, so the file an overlay was
 * layered on never changes under it: a re-import leaves the old generation in place while any
 * instance of the image exists. Images are world-readable (0644 in 0755 folders): the
 * hypervisor's unprivileged user reads them as backing files. Folders an interrupted import left
 * behind are never listed, and the next import removes them.
 *
 * <pre>{@code
 * store.importImage("debian-12", Path.of("disk.qcow2"), Optional.of(boot));
 * BaseImage base = store.resolve("debian-12");
 * }</pre>
 */
public final class ImageStore {

    /** Built on first use: a store that reads no image (an {@code ls}) loads no Jackson. */
    private static final class Json {
        static final ObjectMapper MAPPER = JsonMapper.builder().build();
    }

    static final String CURRENT = "current";

    private final Path root;
    private final ImageInspector inspector;
    private final InstanceStore instances;
    private final ImageFolders folders;

    /** The image store of the state folder {@code stateRoot}, whose instances it asks before removing anything. */
    public ImageStore(Path stateRoot, CommandRunner runner) {
        this.root = stateRoot.toAbsolutePath().normalize().resolve("images");
        this.inspector = new ImageInspector(runner);
        this.instances = new InstanceStore(stateRoot);
        this.folders = new ImageFolders(root);
    }

    public Path dir(String name) {
        return root.resolve(checkName(name));
    }

    /** A stored image by name, or an image file by path (spec {@code image:} values). */
    public BaseImage resolve(ImageRef ref) {
        // instanceof, not a pattern switch: its bootstrap spins classes at run time, ms of every up
        if (ref instanceof ImageRef.File f) {
            ImageInspector.Info info = inspector.inspect(f.path());
            return new BaseImage(f.path().getFileName().toString(), f.path(), info.format(), info.virtualSize(),
                    Optional.empty());
        }
        if (ref instanceof ImageRef.Named n) {
            return stored(n.name().value());
        }
        throw new SpecException("the spec names no image; add image: NAME or image: ./FILE");
    }

    private BaseImage stored(String image) {
        missingName(image).ifPresent(missing -> {
            throw new NotFoundException(missing);
        });
        Path gen = folders.current(dir(image));
        Path meta = gen.resolve("image.json");
        try {
            byte[] bytes = Files.readAllBytes(meta);
            Optional<BaseImage> quick = FlatJson.read(bytes).flatMap(m -> stored(image, gen, m));
            return quick.isPresent() ? quick.get() : stored(image, gen, Json.MAPPER.readTree(bytes));
        } catch (IOException | IllegalArgumentException e) {
            throw new StateException("image record " + meta + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** The image as the mapper's tree gives it. */
    private static BaseImage stored(String image, Path gen, JsonNode j) {
        Path disk = gen.resolve(j.path("disk").asText());
        Optional<BootSpec> boot = Optional.empty();
        if (j.hasNonNull("kernel")) {
            Optional<Path> initrd = j.hasNonNull("initrd")
                    ? Optional.of(gen.resolve(j.get("initrd").asText())) : Optional.empty();
            boot = Optional.of(new BootSpec(gen.resolve(j.get("kernel").asText()), initrd,
                    j.path("cmdline").asText("")));
        }
        return new BaseImage(image, disk, j.path("format").asText(), j.path("virtual_size").asLong(), boot);
    }

    /**
     * The same from the members as {@link FlatJson} read them, for the shape import writes (every
     * value text but the size, none null); empty for anything else, which the tree reading takes.
     */
    private static Optional<BaseImage> stored(String image, Path gen, Map<String, Object> m) {
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (!(e.getKey().equals("virtual_size") ? e.getValue() instanceof Long : e.getValue() instanceof String)) {
                return Optional.empty();
            }
        }
        if (!(m.get("disk") instanceof String disk) || !(m.get("format") instanceof String format)
                || !(m.get("virtual_size") instanceof Long size)) {
            return Optional.empty();
        }
        Optional<BootSpec> boot = Optional.empty();
        if (m.get("kernel") instanceof String kernel) {
            Optional<Path> initrd = m.get("initrd") instanceof String i ? Optional.of(gen.resolve(i)) : Optional.empty();
            String cmdline = m.get("cmdline") instanceof String c ? c : "";
            boot = Optional.of(new BootSpec(gen.resolve(kernel), initrd, cmdline));
        }
        return Optional.of(new BaseImage(image, gen.resolve(disk), format, size, boot));
    }

    /** Empty when an image of this name is stored, else what is wrong and how to fix it. */
    public Optional<String> missingName(String name) {
        if (folders.isImage(dir(name))) {
            return Optional.empty();
        }
        List<String> known = names();
        return Optional.of("no image named '" + name + "'; import one with: virtseed image import " + name + " FILE"
                + (known.isEmpty() ? " (no images are stored yet)" : " (stored: " + String.join(", ", known) + ")"));
    }

    /** Stored images, sorted; what an interrupted import left is not among them. */
    public List<String> names() {
        return folders.names(ImageName::isValid);
    }

    /**
     * Copies an image file (and optional kernel/initrd for direct boot) into a new generation of
     * the image, which becomes current once complete. Earlier generations stay while instances of
     * the image exist; leftovers of interrupted imports are removed first.
     */
    public BaseImage importImage(String name, Path file, Optional<BootSpec> boot) {
        checkName(name);
        ImageInspector.Info info = inspector.inspect(file);
        folders.removeAbandonedImports();
        Path staging = folders.staging(name, "import");
        try {
            String diskName = "disk." + info.format();
            FileModes.copyPrivate(file, staging.resolve(diskName));
            ObjectNode j = Json.MAPPER.createObjectNode().put("name", name).put("disk", diskName)
                    .put("format", info.format()).put("virtual_size", info.virtualSize());
            if (boot.isPresent()) {
                FileModes.copyPrivate(boot.get().kernel(), staging.resolve("vmlinuz"));
                j.put("kernel", "vmlinuz");
                if (boot.get().initrd().isPresent()) {
                    FileModes.copyPrivate(boot.get().initrd().get(), staging.resolve("initrd.img"));
                    j.put("initrd", "initrd.img");
                }
                j.put("cmdline", boot.get().cmdline());
            }
            AtomicFiles.write(staging.resolve("image.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(j),
                    AtomicFiles.PRIVATE);
            // under the state lock: an 'up' resolving the image, or one whose record is not saved yet,
            // must never see its generation pruned
            try (var lock = instances.lock()) {
                Path gen = folders.publish(dir(name), staging);
                AtomicFiles.write(dir(name).resolve(CURRENT),
                        gen.getFileName().toString().getBytes(StandardCharsets.UTF_8), AtomicFiles.PRIVATE);
                if (users(name).isEmpty()) {
                    folders.pruneAllBut(dir(name), gen);
                }
                return stored(name);
            }
        } catch (IOException e) {
            throw new StateException("cannot import image " + name + ": " + e.getMessage(), e);
        } finally {
            Trees.delete(staging);
        }
    }

    /**
     * Downloads an image over http(s) and imports it as {@link #importImage} does. The download
     * lands in a hidden staging folder, removed whatever happens (and by the next import, should
     * this process die).
     */
    public BaseImage importUrl(String name, URI url, Optional<String> sha256, Optional<BootSpec> boot,
            ImageDownloader.Progress progress) {
        checkName(name);
        folders.removeAbandonedImports();
        Path staging = folders.staging(name, "download");
        try {
            Path file = staging.resolve("image");
            new ImageDownloader().download(url, sha256, file, progress);
            return importImage(name, file, boot);
        } finally {
            Trees.delete(staging);
        }
    }

    /** Removes the image and all its generations; refused while an instance uses it. */
    public void remove(String name) {
        Path d = dir(name);
        try (var lock = instances.lock()) { // no 'up' may start on it between the check and the delete
            if (!Files.exists(d)) {
                throw new NotFoundException("no image named '" + name + "'");
            }
            List<String> users = users(name);
            if (!users.isEmpty()) {
                throw new StateException("image " + name + " is in use by " + String.join(", ", users)
                        + ": their disks are layered on it; remove them first (virtseed down "
                        + String.join(" ", users) + ")");
            }
            Trees.delete(d);
        }
    }

    /** The instances made from the image {@code name}, by their records. */
    public List<String> users(String name) {
        List<String> out = new ArrayList<>();
        instances.list().stream().filter(r -> name.equals(r.image())).forEach(r -> out.add(r.name()));
        return out;
    }

    /**
     * Creates a qcow2 overlay backed by {@code base}, grown to {@code size} when that is larger:
     * what {@code qemu-img create -f qcow2 -b BASE -F FORMAT} makes, written in process.
     */
    public void createOverlay(BaseImage base, Path overlay, Optional<Long> size) {
        createOverlay(base, overlay, size, AtomicFiles.Sync.NOW);
    }

    /** As {@link #createOverlay(BaseImage, Path, Optional)}; {@code sync} says when its data reaches the disk. */
    public void createOverlay(BaseImage base, Path overlay, Optional<Long> size, AtomicFiles.Sync sync) {
        long virtualSize = size.filter(s -> s > base.virtualSize()).orElse(base.virtualSize());
        try {
            FileModes.createPrivateFile(overlay); // private before a byte of it is written
            Qcow2Overlay.write(overlay, base.path().toAbsolutePath(), base.format(), virtualSize, sync);
        } catch (IOException e) {
            throw new StateException("cannot create " + overlay + ": " + e.getMessage(), e);
        }
    }

    private static String checkName(String name) {
        if (!ImageName.isValid(name)) {
            throw new SpecException("invalid image name '" + name + "': use a-z, 0-9, '.', '_' and '-'");
        }
        return name;
    }
}
