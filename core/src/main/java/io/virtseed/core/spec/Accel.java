package io.virtseed.core.spec;

/** How the guest CPU runs: hardware virtualization, software emulation, or whichever works here. */
public enum Accel {
    AUTO, KVM, TCG
}
