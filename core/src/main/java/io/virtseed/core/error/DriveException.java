package io.virtseed.core.error;

/** A config drive cannot be built from this content (too large, unrepresentable name) or an image is not a valid drive. */
public final class DriveException extends VirtseedException {

    public DriveException(String message) {
        super(message, null);
    }

    public DriveException(String message, Throwable cause) {
        super(message, cause);
    }

}
