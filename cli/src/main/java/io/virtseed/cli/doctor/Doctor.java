package io.virtseed.cli.doctor;

import io.virtseed.core.exec.CommandRunner;
import io.virtseed.libvirt.daemon.DaemonPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code virtseed doctor}: every check of this host, in the order a user fixes them. It reads
 * and asks; it changes nothing and starts no daemon.
 *
 * <pre>{@code
 * List<Check> checks = new Doctor(Doctor.Host.system(), new ProcessCommandRunner())
 *         .run("qemu:///system", Path.of("/var/lib/virtseed"), List.of());
 * }</pre>
 */
public final class Doctor {

    /**
     * Where the host shows itself; tests point these at folders they fill.
     *
     * @param proc   {@code /proc}
     * @param sys    {@code /sys}
     * @param etc    {@code /etc}: passwd, group, libvirt's qemu.conf
     * @param dev    {@code /dev}
     * @param daemon where libvirtd and systemd's marker are
     * @param arch   the JVM's {@code os.arch}, for the QEMU binary's name
     */
    public record Host(Path proc, Path sys, Path etc, Path dev, DaemonPaths daemon, String arch) {

        public Host {
            Objects.requireNonNull(proc, "proc");
            Objects.requireNonNull(sys, "sys");
            Objects.requireNonNull(etc, "etc");
            Objects.requireNonNull(dev, "dev");
            Objects.requireNonNull(daemon, "daemon");
            Objects.requireNonNull(arch, "arch");
        }

        public static Host system() {
            return new Host(Path.of("/proc"), Path.of("/sys"), Path.of("/etc"), Path.of("/dev"), DaemonPaths.host(),
                    System.getProperty("os.arch"));
        }
    }

    private final Host host;
    private final Probe probe;

    public Doctor(Host host, CommandRunner runner) {
        this.host = Objects.requireNonNull(host, "host");
        this.probe = new Probe(Objects.requireNonNull(runner, "runner"), Probe.SBIN);
    }

    /**
     * Runs every check.
     *
     * @param natNetworks the state folder's {@code nat} networks, which make forwarding a must
     */
    public List<Check> run(String uri, Path stateDir, List<String> natNetworks) {
        Path kvm = host.dev().resolve("kvm");
        List<Check> out = new ArrayList<>();
        Check libvirt = new LibvirtCheck(probe, uri, host.daemon()).check();
        boolean answers = libvirt.status() == Check.Status.OK;
        out.add(libvirt);
        out.add(ToolCheck.qemu(host.arch()).check(probe));
        out.add(new KvmCheck(probe, uri, kvm).check(answers));
        out.add(new KvmDeviceCheck(kvm).check());
        out.add(new ToolCheck("qemu-img", "qemu-img", "qemu-utils", "images and guest disks are made with it").check(probe));
        out.add(new ToolCheck("dnsmasq", "dnsmasq", "dnsmasq-base", "it serves a network's DHCP").check(probe));
        out.add(new IptablesCheck(probe).check());
        out.add(new ForwardingCheck(host.proc().resolve("sys/net/ipv4/ip_forward"), natNetworks).check());
        out.add(new NwfilterCheck(probe, uri).check(answers));
        // only the system instance runs QEMU as the user in qemu.conf; under qemu:///session QEMU runs as its caller
        out.add(uri.startsWith("qemu:///system")
                ? new StateAccessCheck(stateDir, host.etc().resolve("libvirt/qemu.conf"), host.etc().resolve("passwd"),
                        host.etc().resolve("group")).check()
                : Check.ok(StateAccessCheck.ID, "not checked: " + uri + " does not run QEMU as libvirt's system user"));
        SecurityModuleCheck lsm = new SecurityModuleCheck(host.sys(), stateDir);
        out.add(lsm.apparmor());
        out.add(lsm.selinux());
        out.add(DiskCheck.of(stateDir).check());
        return List.copyOf(out);
    }

    /** True when no check failed: the doctor then exits 0. */
    public static boolean healthy(List<Check> checks) {
        return checks.stream().noneMatch(c -> c.status() == Check.Status.FAIL);
    }
}
