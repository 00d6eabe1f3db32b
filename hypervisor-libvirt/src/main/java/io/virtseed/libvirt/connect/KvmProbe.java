package io.virtseed.libvirt.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Whether KVM really works here: the device must open read-write, and the CPU must advertise
 * hardware virtualization. A {@code /dev/kvm} node alone proves nothing; nested guests often
 * have one while their CPU lacks {@code vmx}/{@code svm}, and KVM guests then never progress.
 *
 * <pre>{@code boolean kvm = KvmProbe.host().usable();}</pre>
 */
public record KvmProbe(Path device, Path cpuinfo) {

    private static final Set<String> VIRT_FLAGS = Set.of("vmx", "svm");

    public KvmProbe {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(cpuinfo, "cpuinfo");
    }

    /** This host's {@code /dev/kvm} and {@code /proc/cpuinfo}. */
    public static KvmProbe host() {
        return new KvmProbe(Path.of("/dev/kvm"), Path.of("/proc/cpuinfo"));
    }

    public boolean usable() {
        return deviceOpens() && cpuHasVirtualization();
    }

    boolean deviceOpens() {
        try (FileChannel ignored = FileChannel.open(device, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return true;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return false;
        }
    }

    boolean cpuHasVirtualization() {
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("flags"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim().split("\\s+"))
                    .anyMatch(flags -> Arrays.stream(flags).anyMatch(VIRT_FLAGS::contains));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }
}
