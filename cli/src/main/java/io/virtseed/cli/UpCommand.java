package io.virtseed.cli;

import io.virtseed.core.Virtseed;
import io.virtseed.core.error.ProvisionException;
import io.virtseed.core.lifecycle.ReadyOutcome;
import io.virtseed.core.image.ImageStore;
import io.virtseed.core.lifecycle.Convergence;
import io.virtseed.core.lifecycle.Lifecycle;
import io.virtseed.core.lifecycle.PlanRun;
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

    /** Set at the start of {@link #execute}: the timings, and where the lines for people go. */
    private PhaseReport phases;

    @Override
    int execute(Wiring wiring) {
        // phases count from here: the image check is part of the image phase for whoever waits on up
        phases = new PhaseReport(output, out(), spec.commandLine().getErr(), Clock.systemUTC(), Instant.now());
        wiring.observeSteps(phases.timings());
        ImageStore images = wiring.get(ImageStore.class);
        // a missing image is the spec's fault: exit 2, at the image: line, before touching anything
        Plan plan = SpecLoader.checkingImageNames(images::missingName).load(file);
        plan.instances().forEach(Lifecycle::checkSupported); // the whole plan, before anything is made
        Virtseed virtseed = wiring.virtseed();
        Optional<String> owner = Optional.of(file.toAbsolutePath().normalize().toString());
        Convergence.UpOptions options = new Convergence.UpOptions(dryRun, recreate, instanceIdPolicy());
        if (parallel < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--parallel must be at least 1, not "
                    + parallel);
        }
        if (!dryRun) {
            plan.networks().forEach(n -> wiring.say("==> network " + n.name() + ": up"));
        }
        if (plan.instances().size() > 1 && parallel > 1) {
            wiring.labelSteps(); // the instances' step lines interleave: each says whose it is
        }
        plan.instances().forEach(i -> wiring.say("==> " + i.name() + (dryRun ? ": checking" : ": up")));
        List<PlanRun.Outcome> outcomes;
        try {
            outcomes = virtseed.upEach(plan, owner, options, parallel);
        } finally {
            plan.instances().forEach(i -> phases.made(i.name())); // what was made, also when a later step failed
        }
        List<RuntimeException> failures = new java.util.ArrayList<>();
        List<InstanceName> done = new java.util.ArrayList<>();
        for (PlanRun.Outcome o : outcomes) {
            switch (o) {
                case PlanRun.Outcome.Done d -> {
                    report(virtseed, d.result());
                    done.add(d.name());
                }
                case PlanRun.Outcome.Failed f -> {
                    if (plan.instances().size() > 1) {
                        phases.human(f.name() + " failed: " + f.error().getMessage());
                    }
                    failures.add(f.error());
                }
            }
        }
        if (!dryRun && !waitReady) {
            done.forEach(phases::summary);
        } else if (!dryRun) {
            for (InstanceName i : done) {
                WaitCommand.await(wiring, virtseed, phases, i, timeout).ifPresent(n -> failures.add(n.toException()));
            }
        }
        if (!failures.isEmpty()) {
            // the first for the exit code and message; the others beside it; the instances that were made stand
            RuntimeException first = failures.getFirst();
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
        return ExitCodes.OK;
    }

    private Convergence.InstanceIdPolicy instanceIdPolicy() {
        return switch (instanceId) {
            case "stable" -> Convergence.InstanceIdPolicy.STABLE;
            case "new" -> Convergence.InstanceIdPolicy.NEW;
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--instance-id must be stable or new, not '" + instanceId + "'");
        };
    }

    /** The changes found, then what became of the instance: its state line, or what a dry run would do. */
    private void report(Virtseed virtseed, Lifecycle.UpResult result) {
        String name = result.name().value();
        for (Convergence.Change c : result.changes()) {
            phases.human("  " + (c.inPlace() ? "~ " : "! ") + name + " " + c.text()
                    + (c.inPlace() ? " (config drive)" : " (needs --recreate)"));
        }
        switch (result.outcome()) {
            case WOULD_CREATE -> phases.human(name + " would be created");
            case WOULD_CHANGE -> phases.human(name + " would change: " + result.changes().size() + " change(s)"
                    + (result.changes().stream().anyMatch(c -> !c.inPlace()) ? ", needing --recreate" : ", in place"));
            default -> {
                InstanceRecord record = result.record().orElseThrow();
                if (result.outcome() == Lifecycle.UpResult.Outcome.UNCHANGED && dryRun) {
                    phases.human(name + " up to date");
                    return;
                }
                InstanceView v = virtseed.show(InstanceName.of(record.name()));
                phases.human(record.name() + " " + v.stateText() + " uuid=" + record.uuid() + " accel="
                        + record.accel().text() + addresses(record) + switch (result.outcome()) {
                            case UPDATED -> " (config drive rebuilt and swapped; instance-id "
                                    + (options().instanceId() == Convergence.InstanceIdPolicy.NEW ? "new" : "kept") + ")";
                            case RECREATED -> " (made again)";
                            case UNCHANGED -> " (up to date)";
                            default -> "";
                        });
            }
        }
    }

    private Convergence.UpOptions options() {
        return new Convergence.UpOptions(dryRun, recreate, instanceIdPolicy());
    }

    static String addresses(InstanceRecord r) {
        StringBuilder b = new StringBuilder();
        for (InstanceRecord.Nic n : r.nics()) {
            b.append(' ').append(n.network()).append('=').append(n.ip().map(Object::toString).orElse("-"));
        }
        return b.toString();
    }
}
