package io.virtseed.core.error;

/** The state directory is unusable */
public final class StateException extends VirtseedException {

    public StateException(String message) {
        super(message, null);
    }

    public StateException(String message, Throwable cause) {
        super(message, cause);
    }

}
