package io.virtseed.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.exec.ProcessCommandRunner;
import org.junit.jupiter.api.Test;

/** The probe on real processes: what {@link FakeTools} imitates for a tool that is not installed. */
class ProbeTest {

    private final Probe probe = new Probe(new ProcessCommandRunner());

    @Test
    void aProgramThatIsNotInstalledIsNotFoundAndDoesNotThrow() {
        Probe.Reply r = probe.run("vs-no-such-tool", "--version");
        assertThat(r.notFound()).isTrue();
        assertThat(r.ok()).isFalse();
    }

    @Test
    void aNonZeroExitIsAReplyNotAnError() {
        Probe.Reply r = probe.run("false");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.notFound()).isFalse();
    }

    @Test
    void anInstalledToolAnswersItsFirstLine() {
        Probe.Reply r = probe.run("qemu-img", "--version");
        assertThat(r.ok()).isTrue();
        assertThat(r.firstLine()).startsWith("qemu-img version ");
    }

    @Test
    void theProblemIsVirshsLastErrorLine() {
        var r = new Probe.Reply(1, "", FakeTools.fixture("virsh-version-refused.txt"));
        assertThat(r.problem()).isEqualTo("Failed to connect socket to '/var/run/libvirt/libvirt-sock': Connection refused");
    }

    /** As on Debian for a user who is not root: PATH without sbin, where dnsmasq and iptables live. */
    @Test
    void aToolOffPathIsFoundInTheSbinFolders(@org.junit.jupiter.api.io.TempDir java.nio.file.Path sbin)
            throws java.io.IOException {
        java.nio.file.Path tool = sbin.resolve("vs-sbin-tool");
        java.nio.file.Files.writeString(tool, "#!/bin/sh\necho found-in-sbin\n");
        tool.toFile().setExecutable(true);
        Probe inSbin = new Probe(new ProcessCommandRunner(), java.util.List.of(sbin));
        assertThat(inSbin.run("vs-sbin-tool").firstLine()).isEqualTo("found-in-sbin");
        assertThat(probe.run("vs-sbin-tool").notFound()).as("without the folders").isTrue();
    }
}
