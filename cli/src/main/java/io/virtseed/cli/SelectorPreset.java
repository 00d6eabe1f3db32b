package io.virtseed.cli;

/**
 * Names the JDK's own selector provider for this process, where nobody named one: the first
 * socket (libvirtd's, for {@code ls} and {@code up}) otherwise has the JDK look for another
 * provider on the class path, which reads the index of the jar's 7,800 entries (10 to 20 ms).
 * It is the one the JDK picks on Linux anyway; a JDK without it is left to look.
 */
final class SelectorPreset {

    static final String PROPERTY = "java.nio.channels.spi.SelectorProvider";
    static final String LINUX_PROVIDER = "sun.nio.ch.EPollSelectorProvider";

    private SelectorPreset() {
    }

    static void apply() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        try {
            Class.forName(LINUX_PROVIDER, false, null); // the boot loader's: no look into the jar
            System.setProperty(PROPERTY, LINUX_PROVIDER);
        } catch (ClassNotFoundException | LinkageError e) {
            // another platform or another JDK: the JDK finds its own
        }
    }
}
