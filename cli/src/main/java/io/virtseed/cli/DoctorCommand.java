package io.virtseed.cli;

import io.virtseed.cli.doctor.Check;
import io.virtseed.cli.doctor.Doctor;
import io.virtseed.cli.doctor.DoctorReport;
import io.virtseed.core.error.VirtseedException;
import io.virtseed.core.spec.NetworkMode;
import io.virtseed.core.state.NetworkRecord;
import io.virtseed.core.state.NetworkStore;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "doctor", description = "Check this host: libvirt, QEMU, KVM, tools, firewall, forwarding,"
        + " nwfilter, access to the state folder, AppArmor/SELinux, disk; say how to fix each failure."
        + " Exits 1 when a check fails; warnings do not.")
final class DoctorCommand extends WiredCommand {

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json")
    OutputFormat output;

    @Override
    int execute(Wiring wiring) {
        // the wiring's runner only: asking for its hypervisor would start libvirtd, and the doctor reports the host as it is
        List<Check> checks = new Doctor(Doctor.Host.system(), wiring.runner())
                .run(wiring.settings().connectUri(), wiring.settings().stateDir(), natNetworks(wiring));
        out().print(output == OutputFormat.JSON ? DoctorReport.json(checks) + "\n" : DoctorReport.table(checks));
        return Doctor.healthy(checks) ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static List<String> natNetworks(Wiring wiring) {
        try {
            return new NetworkStore(wiring.settings().stateDir()).list().stream()
                    .filter(n -> n.mode() == NetworkMode.NAT).map(NetworkRecord::name).toList();
        } catch (VirtseedException e) {
            return List.of(); // an unreadable record is the network commands' to report, not a host problem
        }
    }
}
