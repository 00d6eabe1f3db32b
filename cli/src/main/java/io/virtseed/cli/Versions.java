package io.virtseed.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The release and the commit the CLI was built from ({@code version.properties}, filled in by the
 * build), and the Java runtime it runs on. No picocli type: {@code --version} is answered without
 * loading picocli ({@link VersionProvider} gives picocli the same lines).
 */
final class Versions {

    private Versions() {
    }

    static String[] lines() {
        return new String[] {"virtseed " + release() + " (commit " + commit() + ")",
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }

    static String release() {
        return property("version");
    }

    /** The abbreviated commit; "unknown" when the tree built was not a git checkout. */
    static String commit() {
        return property("commit");
    }

    private static String property(String key) {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String value = p.getProperty(key, "").strip();
        return value.isEmpty() || value.startsWith("${") ? "unknown" : value; // ${...}: not filled in
    }
}
