package io.virtseed.cli.doctor;

/**
 * A tool virtseed runs is installed and starts: its {@code --version} answers.
 *
 * @param program    what virtseed runs
 * @param debPackage the Debian package that brings it
 * @param purpose    what virtseed needs it for, said when it is missing
 */
record ToolCheck(String id, String program, String debPackage, String purpose) {

    Check check(Probe probe) {
        Probe.Reply r = probe.run(program, "--version");
        if (r.notFound()) {
            return Check.fail(id, program + " not found; " + purpose, "apt-get install " + debPackage);
        }
        if (!r.ok()) {
            return Check.fail(id, program + " --version failed: " + r.problem(), "apt-get install --reinstall " + debPackage);
        }
        // dnsmasq puts its copyright on the version line
        return Check.ok(id, r.firstLine().replaceFirst("\\s+Copyright .*$", ""));
    }

    /** The system emulator for this machine's architecture, as libvirt looks for it. */
    static ToolCheck qemu(String javaArch) {
        boolean arm = javaArch.equals("aarch64") || javaArch.equals("arm64");
        return new ToolCheck("qemu", arm ? "qemu-system-aarch64" : "qemu-system-x86_64",
                arm ? "qemu-system-arm" : "qemu-system-x86", "libvirt runs guests with it");
    }
}
