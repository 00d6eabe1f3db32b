package io.virtseed.cli;

import io.virtseed.core.Virtseed;
import io.virtseed.core.lifecycle.ReadyOutcome;
import io.virtseed.core.value.InstanceName;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "wait", description = {"Wait until the guest is ready: it phoned home to the metadata service"
        + " (a guest with a NIC), else cloud-init's final message is on its console, else its domain runs.",
        "A timeout (exit 1) names the guest's state, whether it fetched its metadata and the console's last lines."})
final class WaitCommand extends WiredCommand {

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--timeout", defaultValue = "5m", converter = DurationConverter.class,
            description = "How long to wait (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json: json prints the"
            + " metadata and ready phases and the readiness as JSON lines on stdout, the rest on stderr.")
    OutputFormat output;

    @Override
    int execute(Wiring wiring) {
        InstanceName n = DownCommand.parseName(name);
        Virtseed virtseed = wiring.virtseed();
        // this process did not run the up: times count from when the instance was made
        var report = new PhaseReport(output, out(), spec.commandLine().getErr(), Clock.systemUTC(),
                virtseed.show(n).record().created());
        Optional<ReadyOutcome.NotReady> failed = await(wiring, virtseed, report, n, timeout);
        if (failed.isPresent()) {
            throw failed.get().toException();
        }
        return ExitCodes.OK;
    }

    /** Waits for one instance and reports it; the outcome when it is not ready, for the caller to fail with. */
    static Optional<ReadyOutcome.NotReady> await(Wiring wiring, Virtseed virtseed, PhaseReport report,
            InstanceName name, Duration timeout) {
        wiring.say("==> " + name + ": waiting until ready (up to " + timeout.toSeconds() + " s" + ")");
        ReadyOutcome outcome = virtseed.awaitReady(name, timeout);
        report.ready(outcome);
        report.summary(name);
        return outcome instanceof ReadyOutcome.NotReady n ? Optional.of(n) : Optional.empty();
    }
}
