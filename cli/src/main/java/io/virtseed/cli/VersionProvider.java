package io.virtseed.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The release and the commit the CLI was built from ({@code version.properties}, filled in by the
 * build), and the Java runtime it runs on.
 */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return lines();
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
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
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
