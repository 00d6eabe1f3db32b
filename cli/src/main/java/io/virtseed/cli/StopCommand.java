package io.virtseed.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "stop", description = "Shut an instance down (ACPI), or power it off with --force.")
final class StopCommand extends WiredCommand {

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--force", description = "Power off at once.")
    boolean force;

    @Override
    int execute(Wiring wiring) {
        wiring.virtseed().stop(DownCommand.parseName(name), force);
        out().println(name + (force ? " powered off" : " shutting down"));
        return ExitCodes.OK;
    }
}
