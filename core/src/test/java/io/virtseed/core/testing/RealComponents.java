package io.virtseed.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine that the project itself provides (tools from
 * {@code scripts/host-setup.sh}, the test guest from {@code samples/images/build-guest.sh}).
 * Where one is missing the test is skipped, except under {@code CI=true}: there a missing
 * component is a broken set-up, and the test fails saying how to provide it.
 */
public final class RealComponents {

    private RealComponents() {
    }

    /** True when running in CI, where nothing may be skipped for want of a component. */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips (or under CI fails) unless {@code present}; {@code fix} says how to provide the component. */
    public static void require(boolean present, String what, String fix) {
        if (present) {
            return;
        }
        String message = what + " is missing; " + fix;
        if (inCi()) {
            fail(message + " (CI=true: missing components fail)");
        }
        Assumptions.abort(message);
    }

    /** The test guest's folder: {@code disk.qcow2}, {@code vmlinuz}, {@code initrd.img}. */
    public static Path testGuest() {
        Path dir = Path.of(System.getenv().getOrDefault("VIRTSEED_CACHE_DIR", "/var/cache/virtseed"),
                "guest", "debian-12-cloudinit");
        require(Files.isRegularFile(dir.resolve("vmlinuz")) && Files.isRegularFile(dir.resolve("disk.qcow2")),
                "the test guest in " + dir, "build it with samples/images/build-guest.sh (as root)");
        return dir;
    }
}
