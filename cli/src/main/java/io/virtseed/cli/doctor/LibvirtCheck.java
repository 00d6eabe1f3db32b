package io.virtseed.cli.doctor;

import io.virtseed.libvirt.daemon.DaemonPaths;
import java.nio.file.Files;

/**
 * Whether libvirt answers at the URI virtseed connects to. It asks with {@code virsh version},
 * which connects and nothing more: unlike the commands that need libvirt, the doctor does not
 * start {@code libvirtd} where it is down, so what it reports is the host as it is.
 *
 * @param uri   the URI the other commands connect to
 * @param paths where libvirtd, its socket and systemd's marker are, for the fix
 */
record LibvirtCheck(Probe probe, String uri, DaemonPaths paths) {

    static final String ID = "libvirt";

    Check check() {
        Probe.Reply r = probe.virsh(uri, "version");
        if (r.ok()) {
            return Check.ok(ID, "answers at " + uri + " (" + running(r.stdout()) + ")");
        }
        if (r.notFound()) {
            return Check.fail(ID, "virsh not found, the doctor asks libvirt with it", "apt-get install libvirt-clients");
        }
        String why = "does not answer at " + uri + ": " + r.problem();
        if (!uri.startsWith("qemu:///system")) {
            return Check.fail(ID, why, "start the libvirt daemon that serves " + uri + ", or pass another --connect");
        }
        if (!Files.isExecutable(paths.libvirtd())) {
            return Check.fail(ID, why + "; libvirtd is not installed", "apt-get install libvirt-daemon-system");
        }
        if (Files.exists(paths.systemdMarker())) {
            return Check.fail(ID, why, "systemctl start libvirtd (or: systemctl start virtqemud.socket"
                    + " where libvirt runs as modular daemons)");
        }
        // no systemd: the commands that need libvirt start it themselves, so this alone is no failure
        return Check.warn(ID, why + "; no systemd runs it here, and virtseed starts virtlogd and libvirtd"
                + " when a command needs them; the checks that ask libvirt were skipped",
                paths.virtlogd() + " -d; " + paths.libvirtd() + " -d (then run the doctor again)");
    }

    /** {@code Running hypervisor: QEMU 7.2.22} from virsh's version table, else its first line. */
    private static String running(String versionOutput) {
        return versionOutput.lines().map(String::strip).filter(l -> l.startsWith("Running hypervisor:"))
                .map(l -> l.substring("Running hypervisor:".length()).strip()).findFirst()
                .orElse(versionOutput.strip().lines().findFirst().orElse("?"));
    }
}
