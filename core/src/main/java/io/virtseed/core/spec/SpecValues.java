package io.virtseed.core.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/** Value parsing and file reading for spec keys, with errors at the key's line. */
final class SpecValues {

    static final int MAX_FILE_BYTES = 1 << 20;

    private SpecValues() {
    }

    static void requireRegularFile(SpecNode n, String key, Path p) {
        if (!Files.isRegularFile(p)) {
            throw n.error(key, Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? p + " is not a regular file"
                    : p + " does not exist");
        }
        if (!Files.isReadable(p)) {
            throw n.error(key, p + " is not readable");
        }
    }

    static byte[] readFile(SpecNode n, String key, Path p, int limit) {
        requireRegularFile(n, key, p);
        try {
            if (Files.size(p) > limit) {
                throw n.error(key, p + " is larger than " + limit + " bytes");
            }
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw n.error(key, "cannot read " + p + ": " + e.getMessage());
        }
    }

    static <T> Optional<T> value(SpecNode n, String key, Function<String, T> parse) {
        return n.string(key).map(s -> value(n, key, s, parse));
    }

    static <T> T value(SpecNode n, String key, String s, Function<String, T> parse) {
        try {
            return parse.apply(s);
        } catch (IllegalArgumentException e) {
            throw n.error(key, e.getMessage());
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
