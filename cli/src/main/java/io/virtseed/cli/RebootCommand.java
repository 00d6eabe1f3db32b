package io.virtseed.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "reboot", description = "Reboot a running instance (the guest is asked to restart, as by ACPI).")
final class RebootCommand extends WiredCommand {

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    int execute(Wiring wiring) {
        wiring.virtseed().reboot(DownCommand.parseName(name));
        out().println(name + " rebooting");
        return ExitCodes.OK;
    }
}
