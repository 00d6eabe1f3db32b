package io.virtseed.core.value;

import java.util.regex.Pattern;

/**
 * The name of an imported base image: 1 to 64 characters {@code a-z 0-9 . _ -}, starting with a
 * letter or digit, no {@code ..}. It is the image's folder name in the store, so it must never
 * climb out of it.
 */
public record ImageName(String value) {

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public ImageName {
        if (!isValid(value)) {
            throw new IllegalArgumentException("invalid image name '" + value
                    + "': use 1 to 64 characters a-z, 0-9, '.', '_' and '-', starting with a letter or digit");
        }
    }

    public static ImageName of(String value) {
        return new ImageName(value);
    }

    /** Whether {@code text} is a valid image name; false for null. */
    public static boolean isValid(String text) {
        return text != null && VALID.matcher(text).matches() && !text.contains("..");
    }

    @Override
    public String toString() {
        return value;
    }
}
