package io.virtseed.core.spec;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Which channel carries the instance's metadata to the guest. */
public enum Datasource {
    /** OpenStack config drive, ISO9660 label config-2 (default). */
    CONFIGDRIVE("configdrive"),
    /** OpenStack config drive on a 64 MiB FAT disk, label config-2. */
    CONFIGDRIVE_VFAT("configdrive-vfat"),
    /** NoCloud seed, ISO9660 label cidata. */
    NOCLOUD("nocloud"),
    /** Only the HTTP metadata service at 169.254.169.254. */
    METADATA("metadata"),
    /** Config drive and the HTTP service. */
    BOTH("both");

    private final String specName;

    Datasource(String specName) {
        this.specName = specName;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String specName() {
        return specName;
    }

    public boolean usesDrive() {
        return this != METADATA;
    }

    public boolean usesHttp() {
        return this == METADATA || this == BOTH;
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static Datasource fromSpecName(String name) {
        for (Datasource d : values()) {
            if (d.specName.equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown datasource '" + name + "': use one of " + allowed());
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Datasource::specName).collect(Collectors.joining(", "));
    }
}
