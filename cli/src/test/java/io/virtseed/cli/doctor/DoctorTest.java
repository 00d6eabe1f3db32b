package io.virtseed.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtseed.libvirt.daemon.DaemonPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every check in one run, on a stand-in Debian 12 host, and the two ways it is printed. */
class DoctorTest {

    static final List<String> IDS = List.of("libvirt", "qemu", "kvm", "dev-kvm", "qemu-img", "dnsmasq", "iptables",
            "ip-forward", "nwfilter", "state-access", "apparmor", "selinux", "disk");
    private static final String URI = "qemu:///system";

    @TempDir
    Path tmp;

    private Doctor.Host host;
    private Path state;

    @BeforeEach
    void setUp() throws IOException {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        Path proc = tmp.resolve("proc");
        Files.createDirectories(proc.resolve("sys/net/ipv4"));
        Files.writeString(proc.resolve("sys/net/ipv4/ip_forward"), "1\n");
        Path etc = Files.createDirectories(tmp.resolve("etc/libvirt")).getParent();
        Files.writeString(etc.resolve("passwd"), "libvirt-qemu:x:64055:64107:Libvirt Qemu,,,:/var/lib/libvirt:/usr/sbin/nologin\n");
        Files.writeString(etc.resolve("group"), "kvm:x:64107:\nlibvirt-qemu:x:64055:libvirt-qemu\n");
        Path libvirtd = Files.createFile(tmp.resolve("libvirtd"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        DaemonPaths daemon = new DaemonPaths(libvirtd, tmp.resolve("virtlogd"), tmp.resolve("sock"), tmp.resolve("log-sock"),
                tmp.resolve("no-systemd"), Duration.ofSeconds(1));
        host = new Doctor.Host(proc, Files.createDirectory(tmp.resolve("sys")), etc, Files.createDirectory(tmp.resolve("dev")),
                daemon, "amd64");
        state = tmp.resolve("state");
    }

    @Test
    void everyCheckRunsInOrderAndAskingChangesNothing() {
        FakeTools tools = FakeTools.debianHost(URI);
        List<Check> checks = new Doctor(host, tools.runner()).run(URI, state, List.of());
        assertThat(checks).extracting(Check::id).isEqualTo(IDS);
        // the sandbox CPU without vmx: TCG is a warning, so the doctor is content
        // (disk measures the real temporary folder, so it is left out here)
        assertThat(checks).filteredOn(c -> c.status() != Check.Status.OK && !c.id().equals("disk")).extracting(Check::id)
                .containsExactly("kvm");
        assertThat(Doctor.healthy(checks)).isTrue();
        // read-only commands only: nothing started, nothing set
        List<String> programs = new ArrayList<>();
        tools.runner().argvs().forEach(a -> programs.add(a.get(0)));
        assertThat(programs).containsOnly("virsh", "qemu-system-x86_64", "qemu-img", "dnsmasq", "iptables", "ebtables");
        assertThat(tools.runner().argvs()).filteredOn(a -> a.get(0).equals("iptables"))
                .containsExactly(List.of("iptables", "-V"), List.of("iptables", "-w", "-S", "FORWARD"));
    }

    @Test
    void aDownDaemonSkipsWhatOnlyLibvirtCanAnswerAndAMissingToolFails() {
        FakeTools tools = FakeTools.debianHost(URI)
                .fails(1, FakeTools.fixture("virsh-version-refused.txt"), "virsh", "-c", URI, "version");
        tools.fails(Probe.Reply.NOT_FOUND, "", "dnsmasq", "--version");
        List<Check> checks = new Doctor(host, tools.runner()).run(URI, state, List.of());
        assertThat(checks).filteredOn(c -> c.detail().startsWith("not checked")).extracting(Check::id)
                .containsExactly("kvm", "nwfilter");
        assertThat(checks).filteredOn(c -> c.status() == Check.Status.FAIL).extracting(Check::id).containsExactly("dnsmasq");
        assertThat(Doctor.healthy(checks)).isFalse();
        assertThat(tools.runner().argvs()).filteredOn(a -> a.get(0).equals("virsh")).hasSize(1);
    }

    @Test
    void aDriverWithoutQemuSkipsWhatOnlyQemuNeeds() {
        String uri = "test:///default";
        FakeTools tools = FakeTools.debianHost(URI).out(FakeTools.fixture("virsh-version-test.txt"), "virsh", "-c", uri, "version");
        List<Check> checks = new Doctor(host, tools.runner()).run(uri, state, List.of());
        assertThat(checks).extracting(Check::id).isEqualTo(IDS);
        assertThat(checks.get(0).detail()).isEqualTo("answers at test:///default (TEST 0.0.2)");
        assertThat(checks).filteredOn(c -> c.detail().startsWith("not checked")).extracting(Check::id)
                .containsExactly("kvm", "nwfilter", "state-access");
    }

    @Test
    void theTableHasOneLinePerCheckWithItsFix() {
        List<Check> checks = List.of(Check.ok("qemu-img", "qemu-img version 7.2.22"),
                Check.fail("dnsmasq", "dnsmasq not found", "apt-get install dnsmasq-base"));
        assertThat(DoctorReport.table(checks)).isEqualTo("""
                ok   qemu-img     qemu-img version 7.2.22
                FAIL dnsmasq      dnsmasq not found; fix: apt-get install dnsmasq-base
                """);
    }

    @Test
    void theJsonIsAnArrayOfChecks() throws IOException {
        List<Check> checks = new Doctor(host, FakeTools.debianHost(URI).runner()).run(URI, state, List.of());
        JsonNode arr = new ObjectMapper().readTree(DoctorReport.json(checks));
        assertThat(arr.isArray()).isTrue();
        List<String> ids = new ArrayList<>();
        arr.forEach(o -> ids.add(o.get("id").asText()));
        assertThat(ids).isEqualTo(IDS);
        JsonNode kvm = arr.get(IDS.indexOf("kvm"));
        assertThat(kvm.get("status").asText()).isEqualTo("warn");
        assertThat(kvm.get("fix").isTextual()).isTrue();
        assertThat(arr.get(0).get("status").asText()).isEqualTo("ok");
        assertThat(arr.get(0).get("fix").isNull()).isTrue();
    }
}
