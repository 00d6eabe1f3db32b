package io.virtseed.cli;

import io.virtseed.core.ports.Hypervisor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "doctor", description = "Check this host: tools, libvirt, acceleration; say how to fix what is missing.")
final class DoctorCommand extends WiredCommand {

    private static final List<String[]> TOOLS = List.of(
            new String[] {"qemu-img", "qemu-utils"},
            new String[] {"qemu-system-x86_64", "qemu-system-x86"},
            new String[] {"libvirtd", "libvirt-daemon-system"},
            new String[] {"virtlogd", "libvirt-daemon-system"});

    @Override
    int execute(Wiring wiring) {
        int problems = 0;
        for (String[] t : TOOLS) {
            boolean found = onPath(t[0]);
            out().printf("%-4s %s%s%n", found ? "ok" : "FAIL", t[0],
                    found ? "" : ": not found; fix: apt-get install " + t[1]);
            problems += found ? 0 : 1;
        }
        KvmDeviceCheck.Finding kvmDevice = new KvmDeviceCheck(Path.of("/dev/kvm")).check();
        out().println(kvmDevice.line());
        problems += kvmDevice.ok() ? 0 : 1;
        try {
            Hypervisor hv = wiring.get(Hypervisor.class);
            out().println("ok   libvirt at " + wiring.settings().connectUri());
            out().println(hv.kvmUsable() ? "ok   KVM works: guests use hardware acceleration"
                    : "note the connected host offers no KVM (no vmx/svm, or its QEMU cannot open /dev/kvm):"
                            + " guests run under TCG emulation, several times slower");
        } catch (RuntimeException e) {
            out().println("FAIL libvirt at " + wiring.settings().connectUri() + ": " + e.getMessage());
            problems++;
        }
        return problems == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
