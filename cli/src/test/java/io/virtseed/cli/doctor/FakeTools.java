package io.virtseed.cli.doctor;

import io.virtseed.core.error.CommandException;
import io.virtseed.core.exec.CommandResult;
import io.virtseed.core.exec.RecordingCommandRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Host tools for the doctor's checks: each argument list answers as the real tool did on a
 * Debian 12 host (the texts are in {@code src/test/resources/doctor}); any other program is not
 * installed, and fails to start as {@code ProcessCommandRunner} reports it ({@link ProbeTest}).
 */
final class FakeTools {

    private final Map<List<String>, CommandResult> answers = new HashMap<>();
    private final RecordingCommandRunner runner = new RecordingCommandRunner().answering(c -> {
        CommandResult r = answers.get(c.argv());
        if (r == null) {
            throw new CommandException(c.argv(), -1, "Cannot run program \"" + c.argv().get(0)
                    + "\": error=2, No such file or directory", "cannot start command");
        }
        return r;
    });

    FakeTools out(String stdout, String... argv) {
        answers.put(List.of(argv), new CommandResult(0, stdout, ""));
        return this;
    }

    FakeTools fails(int exit, String stderr, String... argv) {
        answers.put(List.of(argv), new CommandResult(exit, "", stderr));
        return this;
    }

    RecordingCommandRunner runner() {
        return runner;
    }

    Probe probe() {
        return new Probe(runner);
    }

    static String fixture(String name) {
        try (InputStream in = FakeTools.class.getResourceAsStream("/doctor/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A host that answers everything as this kind of Debian 12 host does, KVM offered on a CPU without vmx. */
    static FakeTools debianHost(String uri) {
        return new FakeTools()
                .out(fixture("virsh-version.txt"), "virsh", "-c", uri, "version")
                .out(fixture("domcapabilities-kvm.xml"), "virsh", "-c", uri, "domcapabilities", "--virttype", "kvm")
                .out(fixture("capabilities-no-vmx.xml"), "virsh", "-c", uri, "capabilities")
                .out(fixture("nwfilter-list.txt"), "virsh", "-c", uri, "nwfilter-list")
                .out("QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)\n"
                        + "Copyright (c) 2003-2022 Fabrice Bellard and the QEMU Project developers\n",
                        "qemu-system-x86_64", "--version")
                .out("qemu-img version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)\n"
                        + "Copyright (c) 2003-2022 Fabrice Bellard and the QEMU Project developers\n", "qemu-img", "--version")
                .out("Dnsmasq version 2.90  Copyright (c) 2000-2024 Simon Kelley\n", "dnsmasq", "--version")
                .out("iptables v1.8.9 (nf_tables)\n", "iptables", "-V")
                .out("-P FORWARD ACCEPT\n", "iptables", "-w", "-S", "FORWARD")
                .out("ebtables 1.8.9 (nf_tables)\n", "ebtables", "-V");
    }
}
