package io.virtseed.core.error;

/** libvirt refused or failed an operation. */
public final class HypervisorException extends VirtseedException {

    public HypervisorException(String message) {
        super(message, null);
    }

    public HypervisorException(String message, Throwable cause) {
        super(message, cause);
    }

}
