package io.virtseed.cli;

import io.virtseed.core.lifecycle.Lifecycle.StopOutcome;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "stop", description = "Shut an instance down (ACPI), powering it off if it is still running after"
        + " --timeout; --force powers it off at once.")
final class StopCommand extends WiredCommand {

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--force", description = "Power off at once.")
    boolean force;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long the guest may take to shut down before it is powered off (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    int execute(Wiring wiring) {
        if (timeoutSeconds < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--timeout must be 0 or more seconds");
        }
        if (force) {
            wiring.virtseed().stop(DownCommand.parseName(name), true);
            out().println(name + " powered off");
            return ExitCodes.OK;
        }
        StopOutcome outcome = wiring.virtseed().stop(DownCommand.parseName(name), Duration.ofSeconds(timeoutSeconds));
        out().println(switch (outcome) {
            case ALREADY_OFF -> name + " was already off";
            case SHUT_DOWN -> name + " shut down";
            case DESTROYED -> name + " did not shut down within " + timeoutSeconds + " s: powered off";
        });
        return ExitCodes.OK;
    }
}
