package io.virtseed.cli.doctor;

/**
 * libvirt's nwfilter driver and its stock {@code clean-traffic} filter: every guest NIC on a
 * virtseed network carries it, so a guest cannot send from another's MAC or IPv4 address, which
 * is what lets the metadata service trust a request's source. libvirt applies it with ebtables.
 */
record NwfilterCheck(Probe probe, String uri) {

    static final String ID = "nwfilter";
    static final String FILTER = "clean-traffic";

    Check check(boolean libvirtAnswers) {
        if (!uri.startsWith("qemu")) {
            return Check.ok(ID, "not checked: " + uri + " is not libvirt's QEMU driver");
        }
        if (!libvirtAnswers) {
            return Check.warn(ID, "not checked: libvirt does not answer");
        }
        Probe.Reply list = probe.virsh(uri, "nwfilter-list");
        if (!list.ok()) {
            return Check.fail(ID, "libvirt's nwfilter driver does not answer: " + list.problem(),
                    "apt-get install libvirt-daemon-system libvirt-daemon-config-nwfilter, then restart libvirtd");
        }
        boolean stock = list.stdout().lines().map(String::strip)
                .anyMatch(l -> l.endsWith(" " + FILTER) || l.equals(FILTER));
        if (!stock) {
            return Check.fail(ID, "libvirt has no " + FILTER + " filter, which guest NICs on a network carry",
                    "apt-get install libvirt-daemon-config-nwfilter, then restart libvirtd");
        }
        if (probe.run("ebtables", "-V").notFound()) {
            return Check.fail(ID, "ebtables not found; libvirt applies " + FILTER + " with it", "apt-get install ebtables");
        }
        return Check.ok(ID, "driver answers; " + FILTER + " is defined");
    }
}
