package io.virtseed.libvirt.domain;

/** The libvirt domain type: {@code kvm} (hardware virtualization) or {@code qemu} (TCG emulation). */
public enum DomainType {
    QEMU("qemu"),
    KVM("kvm");

    private final String xml;

    DomainType(String xml) {
        this.xml = xml;
    }

    /** The value of {@code <domain type=...>}. */
    public String xml() {
        return xml;
    }
}
