package io.virtseed.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "start", description = "Start a stopped instance.")
final class StartCommand extends WiredCommand {

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    int execute(Wiring wiring) {
        wiring.virtseed().start(DownCommand.parseName(name));
        out().println(name + " started");
        return ExitCodes.OK;
    }
}
