package io.virtseed.cli;

import io.virtseed.core.Virtseed;
import io.virtseed.core.error.ProvisionException;
import io.virtseed.core.lifecycle.ReadyOutcome;
import io.virtseed.core.image.ImageStore;
import io.virtseed.core.lifecycle.Lifecycle;
import io.virtseed.core.spec.InstanceSpec;
import io.virtseed.core.spec.Plan;
import io.virtseed.core.spec.SpecLoader;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.value.InstanceName;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import io.virtseed.core.lifecycle.InstanceView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json: json prints each"
            + " phase (image, network, drive, define, boot, metadata, ready) and the readiness as JSON lines on"
            + " stdout, the rest on stderr.")
    OutputFormat output;

    @Override
    int execute(Wiring wiring) {
        // phases count from here: the image check is part of the image phase for whoever waits on up
        var report = new PhaseReport(output, out(), spec.commandLine().getErr(), Clock.systemUTC(),
                Instant.now());
        wiring.observeSteps(report.timings());
        ImageStore images = wiring.get(ImageStore.class);
        // a missing image is the spec's fault: exit 2, at the image: line, before touching anything
        Plan plan = SpecLoader.checkingImageNames(images::missingName).load(file);
        plan.instances().forEach(Lifecycle::checkSupported); // the whole plan, before anything is made
        Virtseed virtseed = wiring.virtseed();
        Optional<String> owner = Optional.of(file.toAbsolutePath().normalize().toString());
        plan.networks().forEach(n -> wiring.say("==> network " + n.name() + ": up"));
        List<InstanceRecord> records;
        try {
            records = upAll(wiring, virtseed, plan, owner);
        } finally {
            plan.instances().forEach(i -> report.made(i.name())); // what was made, also when a later step failed
        }
        for (InstanceRecord record : records) {
            InstanceView v = virtseed.show(InstanceName.of(record.name()));
            report.human(record.name() + " " + v.stateText() + " uuid=" + record.uuid() + " accel="
                    + record.accel().text() + addresses(record));
        }
        if (!waitReady) {
            plan.instances().forEach(i -> report.summary(i.name()));
            return ExitCodes.OK;
        }
        List<ReadyOutcome.NotReady> failed = new java.util.ArrayList<>();
        for (InstanceSpec i : plan.instances()) {
            failed.addAll(WaitCommand.await(wiring, virtseed, report, i.name(), timeout).stream().toList());
        }
        if (!failed.isEmpty()) {
            ProvisionException first = failed.getFirst().toException();
            failed.stream().skip(1).forEach(n -> first.addSuppressed(n.toException()));
            throw first;
        }
        return ExitCodes.OK;
    }

    private static List<InstanceRecord> upAll(Wiring wiring, Virtseed virtseed, Plan plan, Optional<String> owner) {
        if (plan.networks().isEmpty()) {
            List<InstanceRecord> out = new java.util.ArrayList<>();
            for (InstanceSpec spec : plan.instances()) {
                wiring.say("==> " + spec.name() + ": up");
                out.add(virtseed.up(spec));
            }
            return out;
        }
        return virtseed.up(plan, owner);
    }

    static String addresses(InstanceRecord r) {
        StringBuilder b = new StringBuilder();
        for (InstanceRecord.Nic n : r.nics()) {
            b.append(' ').append(n.network()).append('=').append(n.ip().map(Object::toString).orElse("-"));
        }
        return b.toString();
    }
}
