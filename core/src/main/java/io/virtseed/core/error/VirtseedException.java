package io.virtseed.core.error;

/**
 * The one error family virtseed throws. Each kind carries the context an operator needs
 * (the step, the command and its stderr tail, the console tail); the CLI maps kinds to exit
 * codes in one place.
 */
public abstract sealed class VirtseedException extends RuntimeException
        permits SpecException, CommandException, HypervisorException, StateException, ProvisionException,
        NotFoundException, DriveException {

    protected VirtseedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when the user's input (spec, arguments) is at fault rather than the host. */
    public boolean isUsageError() {
        return false;
    }
}
