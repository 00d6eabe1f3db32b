package io.virtseed.core.exec;

import io.virtseed.core.error.CommandException;

/**
 * Runs host commands. Implementations: {@link ProcessCommandRunner} (real processes) and
 * {@link RecordingCommandRunner} (records and answers, for tests and {@code --dry-run}).
 */
public interface CommandRunner {

    /**
     * Runs the command to its end.
     *
     * @throws CommandException when it cannot start, times out, or exits with a code not allowed
     */
    CommandResult run(Command command);
}
