package io.virtseed.core.spec;

/** The QEMU machine type; it decides the cdrom bus (q35 has no IDE). */
public enum MachineType {
    PC("pc"),
    Q35("q35");

    private final String libvirtName;

    MachineType(String libvirtName) {
        this.libvirtName = libvirtName;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String libvirtName() {
        return libvirtName;
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static MachineType fromLibvirtName(String name) {
        for (MachineType m : values()) {
            if (m.libvirtName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown machine type '" + name + "': use pc or q35");
    }
}
