package io.virtseed.libvirt.connect;

import com.sun.jna.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A build step: copies JNA's native part ({@code libjnidispatch.so}, for the building host's
 * platform, from the very JNA jar the CLI carries) next to the CLI's jar. The launchers then pass
 * its folder as {@code -Djna.boot.library.path}, and JNA loads it from there instead of unpacking
 * it from the jar into a temporary file on every run (some 40 ms of an {@code ls} that talks to
 * libvirt). Where the file is absent the launchers pass nothing, and JNA unpacks as before.
 */
public final class JnaDispatchCopy {

    static final String FILE = "libjnidispatch.so";

    private JnaDispatchCopy() {
    }

    /** {@code FOLDER}: where the jar is. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: JnaDispatchCopy FOLDER");
        }
        String resource = "/com/sun/jna/" + Platform.RESOURCE_PREFIX + "/" + FILE;
        try (InputStream in = Platform.class.getResourceAsStream(resource)) {
            if (in == null) {
                System.err.println("JnaDispatchCopy: the JNA jar has no " + resource
                        + " for this platform; JNA will unpack its own at run time");
                return;
            }
            Path dir = Files.createDirectories(Path.of(args[0]));
            Path tmp = Files.createTempFile(dir, ".jnidispatch-", ".tmp");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
