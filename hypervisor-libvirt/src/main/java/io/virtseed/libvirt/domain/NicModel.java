package io.virtseed.libvirt.domain;

/** The emulated NIC: {@code <model type=...>}. */
public enum NicModel {
    VIRTIO("virtio"),
    /** For guests without virtio drivers (older Windows). */
    E1000("e1000");

    private final String xml;

    NicModel(String xml) {
        this.xml = xml;
    }

    public String xml() {
        return xml;
    }
}
