package io.virtseed.core.spec;

/**
 * What the guest boots with: SeaBIOS, QEMU's default, or UEFI (OVMF on x86), which keeps an
 * instance's own variable store next to its disk. UEFI runs on {@code pc} and on {@code q35};
 * it is without Secure Boot, so a direct kernel boot of an unsigned or distribution kernel works.
 */
public enum Firmware {
    BIOS, UEFI
}
