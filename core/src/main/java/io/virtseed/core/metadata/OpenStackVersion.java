package io.virtseed.core.metadata;

import java.util.Arrays;
import java.util.List;

/**
 * The OpenStack metadata versions nova serves, oldest first, then {@code latest}. Keys and files
 * appear from the version that introduced them on; {@code latest} has everything.
 *
 * <pre>{@code
 * for (OpenStackVersion v : OpenStackVersion.values()) { tree.put("openstack/" + v.dirName() + "/...", ...); }
 * }</pre>
 */
public enum OpenStackVersion {
    FOLSOM("2012-08-10"),
    /** random_seed, password. */
    GRIZZLY("2013-04-04"),
    /** vendor_data.json. */
    HAVANA("2013-10-17"),
    /** network_data.json, project_id. */
    LIBERTY("2015-10-15"),
    /** devices. */
    NEWTON_ONE("2016-06-30"),
    /** vendor_data2.json. */
    NEWTON_TWO("2016-10-06"),
    /** device vlan. */
    OCATA("2017-02-22"),
    /** device vf_trusted. */
    ROCKY("2018-08-27"),
    /** dedicated_cpus. */
    VICTORIA("2020-10-14"),
    /** share devices; nova writes it, cloud-init never picks it, harmless to others. */
    EPOXY("2025-04-04"),
    LATEST("latest");

    private final String dirName;

    OpenStackVersion(String dirName) {
        this.dirName = dirName;
    }

    /** The directory name under {@code openstack/}: the date, or {@code latest}. */
    public String dirName() {
        return dirName;
    }

    /** True when this version has what {@code introduced} added. */
    public boolean atLeast(OpenStackVersion introduced) {
        return compareTo(introduced) >= 0;
    }

    /** The dated versions, oldest first (without {@code latest}). */
    public static List<OpenStackVersion> dated() {
        return Arrays.stream(values()).filter(v -> v != LATEST).toList();
    }
}
