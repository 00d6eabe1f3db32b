package io.virtseed.core.spec;

/** The QEMU machine type; it decides the cdrom bus (q35 has no IDE). */
public enum MachineType {
    PC("pc"),
    Q35("q35");

    private final String libvirtName;

    MachineType(String libvirtName) {
        this.libvirtName = libvirtName;
    }

    public String libvirtName() {
        return libvirtName;
    }
}
