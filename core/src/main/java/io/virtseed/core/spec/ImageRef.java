package io.virtseed.core.spec;

import io.virtseed.core.value.ImageName;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a spec's {@code image:} refers to, decided by its spelling alone (never by what is on
 * disk or in the store, so a spec means the same thing on every host):
 * <ul>
 * <li>a value containing {@code /} or starting with {@code .} is a path to an image file,
 *     relative to the spec's folder ({@code ./disk.qcow2}, {@code ../img/base.raw}, {@code /srv/x.img});</li>
 * <li>otherwise it names an image in the store and must follow the image-name rule
 *     ({@link ImageName}: {@code debian-12}, {@code disk.qcow2} is a name too);</li>
 * <li>anything else is an error that names both forms.</li>
 * </ul>
 * A spec read only to build a drive may leave the image out: {@link Absent}.
 */
public sealed interface ImageRef {

    /** The rule above, as error messages quote it. */
    String RULE = "an image name (1 to 64 characters a-z, 0-9, '.', '_' and '-', starting with a letter or"
            + " digit) or a path to an image file (containing '/' or starting with '.', like ./disk.qcow2)";

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

        @Override
        public String toString() {
            return text();
        }
    }

    /** An image file, by absolute path. */
    record File(Path path) implements ImageRef {
        public File {
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("image file path must be absolute: " + path);
            }
            path = path.normalize();
        }

        @Override
        public String text() {
            return path.toString();
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /** No image given: only a spec read for {@code drive build} may have this. */
    record Absent() implements ImageRef {
        @Override
        public String text() {
            return "none";
        }

        @Override
        public String toString() {
            return text();
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
        if (isPathSpelling(text)) {
            if (text.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("image path must not contain NUL");
            }
            return new File(baseDir.toAbsolutePath().resolve(text));
        }
        if (ImageName.isValid(text)) {
            return new Named(ImageName.of(text));
        }
        throw new IllegalArgumentException("'" + text + "' is not " + RULE);
    }
}
