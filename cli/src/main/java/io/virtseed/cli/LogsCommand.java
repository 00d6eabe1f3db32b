package io.virtseed.cli;

import io.virtseed.core.lifecycle.ConsoleWatcher;
import io.virtseed.core.lifecycle.InstanceView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", description = "Print the tail of an instance's serial console log.")
final class LogsCommand extends WiredCommand {

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = {"-n", "--lines"}, defaultValue = "200", description = "How many lines (default: ${DEFAULT-VALUE}).")
    int lines;

    @Override
    int execute(Wiring wiring) {
        InstanceView v = wiring.virtseed().show(DownCommand.parseName(name));
        ConsoleWatcher.tail(v.dir().resolve("console.log"), lines).forEach(out()::println);
        return ExitCodes.OK;
    }
}
