package io.virtseed.cli;

import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "wait", description = "Wait until cloud-init in the guest reports it has finished.")
final class WaitCommand extends WiredCommand {

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--timeout", defaultValue = "5m", converter = DurationConverter.class,
            description = "How long to wait (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    int execute(Wiring wiring) {
        out().println(name + " ready: " + wiring.virtseed().waitReady(DownCommand.parseName(name), timeout));
        return ExitCodes.OK;
    }
}
