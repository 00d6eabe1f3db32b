package io.virtseed.core.error;

/** A spec file or argument is invalid; the message names the file, line, key and what is allowed. */
public final class SpecException extends VirtseedException {

    public SpecException(String message) {
        super(message, null);
    }

    public SpecException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isUsageError() {
        return true;
    }
}
