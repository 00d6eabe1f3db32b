package io.virtseed.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtseed.core.error.NotFoundException;
import io.virtseed.core.error.SpecException;
import io.virtseed.core.error.StateException;
import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.CommandRunner;
import io.virtseed.core.spec.BootSpec;
import io.virtseed.core.spec.SpecLoader;
import io.virtseed.core.state.AtomicFiles;
import io.virtseed.core.state.Trees;
import io.virtseed.core.value.ImageName;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Base images under {@code <state>/images/<name>/}: {@code disk.<format>}, optional
 * {@code vmlinuz}/{@code initrd.img} and {@code image.json}. Images are world-readable (0644 in
 * 0755 folders): the hypervisor's unprivileged user reads them as backing files.
 *
 * <pre>{@code
 * store.importImage("debian-12", Path.of("disk.qcow2"), Optional.of(boot));
 * BaseImage base = store.resolve("debian-12");
 * }</pre>
 */
public final class ImageStore {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Duration QEMU_IMG_TIMEOUT = Duration.ofMinutes(30);

    private final Path root;
    private final CommandRunner runner;

    public ImageStore(Path stateRoot, CommandRunner runner) {
        this.root = stateRoot.toAbsolutePath().normalize().resolve("images");
        this.runner = runner;
    }

    public Path dir(String name) {
        return root.resolve(checkName(name));
    }

    /** A stored image by name, or an image file by path (spec {@code image:} values). */
    public BaseImage resolve(String image) {
        if (SpecLoader.looksLikePath(image)) {
            Path p = Path.of(image).toAbsolutePath().normalize();
            if (!Files.isRegularFile(p)) {
                throw new NotFoundException("image file " + p + " does not exist");
            }
            Info info = inspect(p);
            return new BaseImage(p.getFileName().toString(), p, info.format(), info.virtualSize(), Optional.empty());
        }
        Path meta = dir(image).resolve("image.json");
        missingName(image).ifPresent(missing -> {
            throw new NotFoundException(missing);
        });
        try {
            JsonNode j = JSON.readTree(Files.readAllBytes(meta));
            Path disk = dir(image).resolve(j.path("disk").asText());
            Optional<BootSpec> boot = Optional.empty();
            if (j.hasNonNull("kernel")) {
                Optional<Path> initrd = j.hasNonNull("initrd")
                        ? Optional.of(dir(image).resolve(j.get("initrd").asText())) : Optional.empty();
                boot = Optional.of(new BootSpec(dir(image).resolve(j.get("kernel").asText()), initrd,
                        j.path("cmdline").asText("")));
            }
            return new BaseImage(image, disk, j.path("format").asText(), j.path("virtual_size").asLong(), boot);
        } catch (IOException | IllegalArgumentException e) {
            throw new StateException("image record " + meta + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** Empty when an image of this name is stored, else what is wrong and how to fix it. */
    public Optional<String> missingName(String name) {
        if (Files.isRegularFile(dir(name).resolve("image.json"))) {
            return Optional.empty();
        }
        List<String> known = names();
        return Optional.of("no image named '" + name + "'; import one with: virtseed image import " + name + " FILE"
                + (known.isEmpty() ? " (no images are stored yet)" : " (stored: " + String.join(", ", known) + ")"));
    }

    public List<String> names() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p.resolve("image.json"))) {
                    out.add(p.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new StateException("cannot list images in " + root + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /**
     * Copies an image file (and optional kernel/initrd for direct boot) into the store,
     * replacing an image of the same name only once the new one is complete.
     */
    public BaseImage importImage(String name, Path file, Optional<BootSpec> boot) {
        checkName(name);
        Info info = inspect(file);
        Path staging = root.resolve("." + name + ".import-" + ProcessHandle.current().pid());
        try {
            createDirs(staging);
            String diskName = "disk." + info.format();
            copyReadable(file, staging.resolve(diskName));
            ObjectNode j = JSON.createObjectNode().put("name", name).put("disk", diskName)
                    .put("format", info.format()).put("virtual_size", info.virtualSize());
            if (boot.isPresent()) {
                copyReadable(boot.get().kernel(), staging.resolve("vmlinuz"));
                j.put("kernel", "vmlinuz");
                if (boot.get().initrd().isPresent()) {
                    copyReadable(boot.get().initrd().get(), staging.resolve("initrd.img"));
                    j.put("initrd", "initrd.img");
                }
                j.put("cmdline", boot.get().cmdline());
            }
            AtomicFiles.write(staging.resolve("image.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(j),
                    AtomicFiles.READABLE);
            Path target = root.resolve(name);
            Path old = root.resolve("." + name + ".old-" + ProcessHandle.current().pid());
            if (Files.exists(target)) {
                Files.move(target, old);
            }
            Files.move(staging, target);
            Trees.delete(old);
            return resolve(name);
        } catch (IOException e) {
            throw new StateException("cannot import image " + name + ": " + e.getMessage(), e);
        } finally {
            Trees.delete(staging);
        }
    }

    public void remove(String name) {
        Path d = dir(name);
        if (!Files.exists(d)) {
            throw new NotFoundException("no image named '" + name + "'");
        }
        Trees.delete(d);
    }

    /** Creates a qcow2 overlay backed by {@code base}, grown to {@code size} when that is larger. */
    public void createOverlay(BaseImage base, Path overlay, Optional<Long> size) {
        List<String> argv = new ArrayList<>(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-b",
                base.path().toString(), "-F", base.format(), overlay.toString()));
        size.filter(s -> s > base.virtualSize()).ifPresent(s -> argv.add(Long.toString(s)));
        runner.run(Command.of(argv).withTimeout(QEMU_IMG_TIMEOUT));
    }

    record Info(String format, long virtualSize) {
    }

    Info inspect(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new NotFoundException("image file " + file + " does not exist");
        }
        String out = runner.run(Command.of("qemu-img", "info", "--output=json", file.toString())
                .withTimeout(Duration.ofMinutes(1))).stdout();
        try {
            JsonNode j = JSON.readTree(out);
            String format = j.path("format").asText();
            if (!format.equals("qcow2") && !format.equals("raw")) {
                throw new SpecException("image " + file + " is in format '" + format + "'; use qcow2 or raw");
            }
            if (j.hasNonNull("backing-filename")) {
                throw new SpecException("image " + file + " has a backing file; flatten it first (qemu-img convert)");
            }
            return new Info(format, j.path("virtual-size").asLong());
        } catch (IOException e) {
            throw new StateException("qemu-img info gave unreadable output for " + file, e);
        }
    }

    private void createDirs(Path staging) throws IOException {
        Files.createDirectories(root);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Trees.delete(staging);
        Files.createDirectory(staging);
        Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void copyReadable(Path from, Path to) throws IOException {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(to, AtomicFiles.READABLE);
    }

    private static String checkName(String name) {
        if (!ImageName.isValid(name)) {
            throw new SpecException("invalid image name '" + name + "': use a-z, 0-9, '.', '_' and '-'");
        }
        return name;
    }
}
