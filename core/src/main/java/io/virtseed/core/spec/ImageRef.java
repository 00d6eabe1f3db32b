package io.virtseed.core.spec;

import io.virtseed.core.value.ImageName;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a spec's {@code image:} refers to, decided by its spelling alone (never by a file suffix
 * or by what happens to be on disk, so a spec means the same on every host):
 * <ul>
 * <li>a value containing {@code /} or starting with {@code .} is a path to an image file, relative
 *     to the spec's folder ({@code ./disk.qcow2}, {@code ../img/base.raw}, {@code /srv/x.img});</li>
 * <li>any other value names an image in the store and follows the image-name rule
 *     ({@link ImageName}; {@code disk.qcow2} is a name too, and the loader says so when a file of
 *     that name lies next to the spec);</li>
 * <li>a spec read only to build a drive may leave it out: {@link Absent}.</li>
 * </ul>
 * Records keep {@link #text()}: the name, or the file's absolute path, which {@link #ofText}
 * reads back (records written before this type hold the same text).
 */
public sealed interface ImageRef {

    /** The rule, as error messages quote it. */
    String RULE = "an image name (letters a-z, digits, '.', '_', '-') or a path to an image file"
            + " (containing '/' or starting with '.', like ./disk.qcow2)";

    /** The text that names this image in records and output: the name, the absolute path, or {@code none}. */
    String text();

    /** An image imported into the store. */
    record Named(ImageName name) implements ImageRef {
        public Named {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String text() {
            return name.value();
        }
    }

    /** An image file, by absolute path. */
    record File(Path path) implements ImageRef {
        public File {
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("an image file path must be absolute: " + path);
            }
            path = path.normalize();
        }

        @Override
        public String text() {
            return path.toString();
        }
    }

    /** No image: only a spec read for {@code drive build} may have this. */
    record Absent() implements ImageRef {
        @Override
        public String text() {
            return "none";
        }
    }

    /** Whether the spelling makes {@code text} a path (see the class comment). */
    static boolean isPathSpelling(String text) {
        return text.contains("/") || text.startsWith(".");
    }

    /**
     * Reads an {@code image:} value; a path resolves against {@code baseDir}.
     *
     * @throws IllegalArgumentException when it is neither form, naming both
     */
    static ImageRef parse(String text, Path baseDir) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an image must not contain NUL");
        }
        if (isPathSpelling(text)) {
            return new File(baseDir.toAbsolutePath().resolve(text));
        }
        if (ImageName.isValid(text)) {
            return new Named(ImageName.of(text));
        }
        throw new IllegalArgumentException("'" + text + "' is not " + RULE);
    }

    /**
     * Reads the text of a record, or of a caller of the Java API: an absolute path is a file,
     * anything else a name (a relative path resolves against the working folder).
     */
    static ImageRef ofText(String text) {
        return parse(text, Path.of(""));
    }
}
