package io.virtseed.core.exec;

import io.virtseed.core.error.CommandException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Records every command instead of running it, and answers with a result the test chooses
 * (default: exit 0, no output).
 */
public final class RecordingCommandRunner implements CommandRunner {

    private final List<Command> commands = new ArrayList<>();
    private Function<Command, CommandResult> answer = c -> new CommandResult(0, "", "");

    /** Sets how commands are answered; a result with a non-allowed exit code makes {@link #run} throw. */
    public synchronized RecordingCommandRunner answering(Function<Command, CommandResult> answer) {
        this.answer = answer;
        return this;
    }

    @Override
    public synchronized CommandResult run(Command command) {
        commands.add(command);
        CommandResult r = answer.apply(command);
        if (!command.okExitCodes().contains(r.exitCode())) {
            throw new CommandException(command.effectiveArgv(), r.exitCode(), r.stderr(), "command failed");
        }
        return r;
    }

    public synchronized List<Command> commands() {
        return List.copyOf(commands);
    }

    /** The recorded commands as argument lists, in order. */
    public synchronized List<List<String>> argvs() {
        return commands.stream().map(Command::effectiveArgv).toList();
    }
}
