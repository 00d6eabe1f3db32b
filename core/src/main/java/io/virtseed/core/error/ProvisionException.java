package io.virtseed.core.error;

/**
 * A provisioning step failed. What had been applied was undone; undo failures are attached as
 * suppressed exceptions. The console tail, where there is one, helps explain a failed boot.
 */
public final class ProvisionException extends VirtseedException {

    private final String step;

    public ProvisionException(String step, String message, Throwable cause) {
        super("step '" + step + "' failed: " + message, cause);
        this.step = step;
    }

    public String step() {
        return step;
    }

    @Override
    public boolean isUsageError() {
        return getCause() instanceof VirtseedException v && v.isUsageError();
    }
}
