package io.virtseed.core.ports;

/** The power state of a guest as the hypervisor reports it. */
public enum MachineState {
    RUNNING, PAUSED, SHUTOFF, CRASHED, OTHER
}
