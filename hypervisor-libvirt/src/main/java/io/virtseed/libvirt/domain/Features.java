package io.virtseed.libvirt.domain;

/**
 * The {@code <features>} element. Without ACPI a guest's power-off only halts the CPU, so the
 * domain never stops by itself.
 */
public record Features(boolean acpi, boolean apic) {
}
