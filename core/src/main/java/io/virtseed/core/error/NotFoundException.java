package io.virtseed.core.error;

/** A named instance, network or image does not exist. */
public final class NotFoundException extends VirtseedException {

    public NotFoundException(String message) {
        super(message, null);
    }

    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isUsageError() {
        return true;
    }
}
