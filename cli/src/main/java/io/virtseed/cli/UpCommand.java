package io.virtseed.cli;

import io.virtseed.core.lifecycle.Convergence;
import io.virtseed.core.lifecycle.PlanRun;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The picocli face of {@code up}: reads the arguments, then {@link UpRun} does the work. */
@Command(name = "up", description = "Create or converge what FILE describes.")
final class UpCommand extends WiredCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "Spec file (one instance or a plan).")
    Path file;

    @Option(names = "--wait", description = "Wait until the guest is ready: it phoned home (a guest with a NIC),"
            + " else cloud-init's final message on its console, else its domain runs.")
    boolean waitReady;

    @Option(names = "--timeout", defaultValue = "10m", converter = DurationConverter.class,
            description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--dry-run", description = "Show what would be made or changed; change nothing.")
    boolean dryRun;

    @Option(names = "--recreate", description = "Make an existing instance again when its spec changed"
            + " (needed for what cannot change in place: image, CPUs, memory, disk, machine, NICs...).")
    boolean recreate;

    @Option(names = "--instance-id", paramLabel = "stable|new", defaultValue = "stable",
            description = "When a changed spec rebuilds the config drive: keep the instance-id (stable, the default:"
                    + " cloud-init sees the same instance, user data does not run again) or give a new one (new:"
                    + " at its next boot cloud-init runs first boot again, with new host keys).")
    String instanceId;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "" + PlanRun.DEFAULT_PARALLELISM,
            description = "How many of a plan's instances are made at once (default: ${DEFAULT-VALUE}); each"
                    + " instance's failure rolls back that instance alone.")
    int parallel;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json: json prints each"
            + " phase (image, network, drive, define, boot, metadata, ready) and the readiness as JSON lines on"
            + " stdout, the rest on stderr.")
    OutputFormat output;

    @Override
    int execute(Wiring wiring) {
        if (parallel < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--parallel must be at least 1, not "
                    + parallel);
        }
        UpRun.Request request = new UpRun.Request(file, waitReady, timeout, dryRun, recreate, instanceIdPolicy(),
                parallel, output);
        return new UpRun(request, out(), spec.commandLine().getErr()).run(wiring);
    }

    private Convergence.InstanceIdPolicy instanceIdPolicy() {
        return UpRun.instanceIdPolicy(instanceId).orElseThrow(() -> new picocli.CommandLine.ParameterException(
                spec.commandLine(), "--instance-id must be stable or new, not '" + instanceId + "'"));
    }
}
