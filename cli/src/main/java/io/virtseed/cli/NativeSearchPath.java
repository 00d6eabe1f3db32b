package io.virtseed.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tells JNA where the system's libraries are, when libvirt's is in one of the usual folders.
 * Without it, JNA's first library load runs {@code /sbin/ldconfig -p} to learn the search path:
 * a process started on every command that talks to libvirt (some 15 to 20 ms of an {@code up}).
 * A process-wide setting, so it is the CLI's choice, not the library's; one already given
 * ({@code -Djna.platform.library.path}) is left alone, and where libvirt is elsewhere JNA asks
 * {@code ldconfig} as before.
 */
final class NativeSearchPath {

    static final String PROPERTY = "jna.platform.library.path";
    static final String LIBVIRT = "libvirt.so.0";

    private NativeSearchPath() {
    }

    static void presetForLibvirt() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        List<String> dirs = folders(System.getProperty("os.arch", ""));
        if (dirs.stream().anyMatch(d -> Files.exists(Path.of(d, LIBVIRT)))) {
            System.setProperty(PROPERTY, String.join(File.pathSeparator, dirs));
        }
    }

    /** The folders JNA itself starts from (Debian's multiarch ones first), then /usr/local/lib. */
    static List<String> folders(String osArch) {
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "arm64", "aarch64" -> "aarch64";
            case "x86", "i386", "i686" -> "i386";
            default -> osArch;
        };
        List<String> out = new ArrayList<>();
        if (!arch.isEmpty()) {
            out.add("/usr/lib/" + arch + "-linux-gnu");
            out.add("/lib/" + arch + "-linux-gnu");
        }
        out.addAll(List.of("/usr/lib64", "/lib64", "/usr/lib", "/lib", "/usr/local/lib"));
        return out;
    }
}
