package io.virtseed.cli.doctor;

/**
 * iptables is there, which backend it drives ({@code nf_tables} or {@code legacy}), and that the
 * backend works in this kernel: networks hold their metadata redirect and firewall in it, and a
 * backend whose kernel support is missing fails only when the first rule is added.
 */
record IptablesCheck(Probe probe) {

    static final String ID = "iptables";

    Check check() {
        Probe.Reply version = probe.run("iptables", "-V");
        if (version.notFound()) {
            return Check.fail(ID, "iptables not found; networks keep their metadata redirect and firewall in it",
                    "apt-get install iptables");
        }
        String line = version.firstLine();
        String backend = backend(line);
        Probe.Reply list = probe.run("iptables", "-w", "-S", "FORWARD");
        if (!list.ok()) {
            String other = backend.equals("legacy") ? "nft" : "legacy";
            return Check.fail(ID, line + ": the " + backend + " backend cannot read the host's tables ("
                    + list.problem() + ")", "load its kernel support, or switch backend: update-alternatives"
                    + " --set iptables /usr/sbin/iptables-" + other);
        }
        return Check.ok(ID, line + ", " + backend + " backend");
    }

    /** The backend as {@code iptables -V} names it: {@code iptables v1.8.9 (nf_tables)}. */
    static String backend(String versionLine) {
        return versionLine.contains("(nf_tables)") ? "nft" : versionLine.contains("(legacy)") ? "legacy" : "unknown";
    }
}
