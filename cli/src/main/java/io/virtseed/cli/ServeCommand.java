package io.virtseed.cli;

import io.virtseed.network.metadata.MetadataDaemon;
import picocli.CommandLine.Command;

@Command(name = "serve", description = {
        "Run the metadata service (169.254.169.254) for every network of the state folder, in the foreground.",
        "One per state folder; instances and networks are picked up as they come and go.",
        "It also records the guests' lifecycle changes (crashed, shut down from inside) that ls and show report."})
final class ServeCommand extends WiredCommand {

    @Override
    int execute(Wiring wiring) {
        if (MetadataDaemon.running(wiring.settings().stateDir())) {
            wiring.say("a metadata service already serves " + wiring.settings().stateDir());
            return ExitCodes.FAILURE;
        }
        try (LifecycleRecorder events = new LifecycleRecorder(wiring.store(), wiring::hypervisorPort).start()) {
            new MetadataDaemon().run(wiring.settings().stateDir());
        }
        return ExitCodes.OK;
    }
}
