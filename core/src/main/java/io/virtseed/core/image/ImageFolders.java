package io.virtseed.core.image;

import io.virtseed.core.error.StateException;
import io.virtseed.core.state.FileModes;
import io.virtseed.core.state.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The folders of the image store: one per image, holding generation folders and the
 * {@code current} pointer, or, for images stored before generations, the files themselves;
 * and the hidden staging folders imports build in ({@code .<name>.import-<pid>},
 * {@code .<name>.download-<pid>}).
 */
final class ImageFolders {

    private static final Pattern GENERATION = Pattern.compile("g[0-9]{13}-[0-9]+");
    private static final Pattern LEFTOVER = Pattern.compile("\\..+\\.(import|download|old)-([0-9]+)");

    private final Path root;

    ImageFolders(Path root) {
        this.root = root;
    }

    /** True when {@code imageDir} holds a complete image, of either layout. */
    boolean isImage(Path imageDir) {
        try {
            return Files.isRegularFile(current(imageDir).resolve("image.json"));
        } catch (StateException e) {
            return false;
        }
    }

    /** The folder of the image's current generation; the image's own folder in the layout before generations. */
    Path current(Path imageDir) {
        Path pointer = imageDir.resolve(ImageStore.CURRENT);
        if (!Files.isRegularFile(pointer)) {
            return imageDir;
        }
        try {
            String gen = Files.readString(pointer, StandardCharsets.UTF_8).trim();
            if (!GENERATION.matcher(gen).matches()) {
                throw new StateException("image pointer " + pointer + " names '" + gen + "', not a generation");
            }
            return imageDir.resolve(gen);
        } catch (IOException e) {
            throw new StateException("cannot read " + pointer + ": " + e.getMessage(), e);
        }
    }

    List<String> names(Predicate<String> validName) {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (validName.test(name) && isImage(p)) {
                    out.add(name);
                }
            }
        } catch (IOException e) {
            throw new StateException("cannot list images in " + root + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** Removes the staging folders of imports whose process is gone (killed, or the host crashed). */
    void removeAbandonedImports() {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, ".*")) {
            for (Path p : ds) {
                Matcher m = LEFTOVER.matcher(p.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(2))).isEmpty()) {
                    Trees.delete(p);
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new StateException("cannot clean up " + root + ": " + e.getMessage(), e);
        }
    }

    /** A fresh, empty staging folder for this process's {@code kind} ({@code import}, {@code download}) of {@code name}. */
    Path staging(String name, String kind) {
        Path staging = root.resolve("." + name + "." + kind + "-" + ProcessHandle.current().pid());
        try {
            createPassableDirs(root);
            Trees.delete(staging);
            // closed while it fills; publish opens it for QEMU to pass once it is complete
            Files.createDirectory(staging, PosixFilePermissions.asFileAttribute(FileModes.PRIVATE_DIR));
            Files.setPosixFilePermissions(staging, FileModes.PRIVATE_DIR);
            return staging;
        } catch (IOException e) {
            throw new StateException("cannot create " + staging + ": " + e.getMessage(), e);
        }
    }

    /** Moves a complete staging folder in as a new generation of the image; returns its folder. */
    Path publish(Path imageDir, Path staging) throws IOException {
        createPassableDirs(imageDir);
        Path gen = imageDir.resolve("g%013d-%d".formatted(System.currentTimeMillis(), ProcessHandle.current().pid()));
        Files.move(staging, gen, StandardCopyOption.ATOMIC_MOVE);
        Files.setPosixFilePermissions(gen, FileModes.TRAVERSABLE_DIR);
        return gen;
    }

    /** Deletes every generation but {@code keep}, and the files of the layout before generations. */
    void pruneAllBut(Path imageDir, Path keep) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(imageDir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                boolean oldGeneration = GENERATION.matcher(n).matches() && !p.equals(keep);
                boolean legacyFile = Files.isRegularFile(p) && !n.equals(ImageStore.CURRENT);
                if (oldGeneration || legacyFile) {
                    Trees.delete(p);
                }
            }
        }
    }

    /**
     * Base images back every guest's disk, so QEMU must pass their folders; it need not list them,
     * and the files are private (libvirt's DAC driver labels them for QEMU at start).
     */
    private void createPassableDirs(Path dir) throws IOException {
        FileModes.createDirs(root.getParent(), FileModes.TRAVERSABLE_DIR);
        FileModes.createDirs(dir, FileModes.TRAVERSABLE_DIR);
    }
}
