package io.virtseed.cli;

import io.virtseed.core.Virtseed;
import io.virtseed.core.image.ImageStore;
import io.virtseed.core.lifecycle.Convergence;
import io.virtseed.core.lifecycle.InstanceView;
import io.virtseed.core.lifecycle.Lifecycle;
import io.virtseed.core.lifecycle.PlanRun;
import io.virtseed.core.spec.Accel;
import io.virtseed.core.spec.Plan;
import io.virtseed.core.spec.SpecLoader;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.value.InstanceName;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code virtseed up} does once its arguments are read, with no picocli in it: both
 * {@link UpCommand} and the direct way in ({@link DirectUp}) run it, so the two cannot drift.
 */
final class UpRun {

    /** The command's arguments. */
    record Request(Path file, boolean waitReady, Duration timeout, boolean dryRun, boolean recreate,
            Convergence.InstanceIdPolicy instanceId, int parallel, OutputFormat output) {
    }

    private final Request request;
    private final PrintWriter out;
    private final PrintWriter err;
    /** Set at the start of {@link #run}: the timings, and where the lines for people go. */
    private PhaseReport phases;

    UpRun(Request request, PrintWriter out, PrintWriter err) {
        this.request = request;
        this.out = out;
        this.err = err;
    }

    /** {@code stable} or {@code new}; empty for anything else. */
    static Optional<Convergence.InstanceIdPolicy> instanceIdPolicy(String text) {
        return switch (text) {
            case "stable" -> Optional.of(Convergence.InstanceIdPolicy.STABLE);
            case "new" -> Optional.of(Convergence.InstanceIdPolicy.NEW);
            default -> Optional.empty();
        };
    }

    int run(Wiring wiring) {
        // phases count from here: the image check is part of the image phase for whoever waits on up
        phases = new PhaseReport(request.output(), out, err, Clock.systemUTC(), Instant.now());
        wiring.observeSteps(phases.timings());
        if (!request.dryRun()) {
            Wiring.preloadInBackground(); // libvirt's bindings, some 100 ms cold, while the spec is read
        }
        ImageStore images = wiring.images(); // not through the injector: Guice's start-up is no part of up
        // a missing image is the spec's fault: exit 2, at the image: line, before touching anything
        Plan plan = SpecLoader.checkingImageNames(images::missingName).load(request.file());
        plan.instances().forEach(Lifecycle::checkSupported); // the whole plan, before anything is made
        if (!request.dryRun()) {
            // meanwhile the image is resolved and the state locked; and a new instance of accel auto or
            // kvm asks right after its first lookup whether the host offers KVM: asked there ahead
            wiring.connectInBackground(plan.instances().stream().anyMatch(i -> i.accel() != Accel.TCG));
        }
        Virtseed virtseed = wiring.virtseed();
        Optional<String> owner = Optional.of(request.file().toAbsolutePath().normalize().toString());
        Convergence.UpOptions options = options();
        if (!request.dryRun()) {
            plan.networks().forEach(n -> wiring.say("==> network " + n.name() + ": up"));
        }
        if (plan.instances().size() > 1 && request.parallel() > 1) {
            wiring.labelSteps(); // the instances' step lines interleave: each says whose it is
        }
        plan.instances().forEach(i -> wiring.say("==> " + i.name() + (request.dryRun() ? ": checking" : ": up")));
        List<PlanRun.Outcome> outcomes;
        try {
            outcomes = virtseed.upEach(plan, owner, options, request.parallel());
        } finally {
            plan.instances().forEach(i -> phases.made(i.name())); // what was made, also when a later step failed
        }
        List<RuntimeException> failures = new ArrayList<>();
        List<InstanceName> done = new ArrayList<>();
        for (PlanRun.Outcome o : outcomes) {
            // instanceof, not a pattern switch: its bootstrap spins classes at run time, some 20 ms of an up
            if (o instanceof PlanRun.Outcome.Done d) {
                report(virtseed, d.result());
                done.add(d.name());
            } else if (o instanceof PlanRun.Outcome.Failed f) {
                if (plan.instances().size() > 1) {
                    phases.human(f.name() + " failed: " + f.error().getMessage());
                }
                failures.add(f.error());
            } else {
                throw new IllegalStateException("an outcome of a new kind: " + o);
            }
        }
        if (!request.dryRun() && !request.waitReady()) {
            done.forEach(phases::summary);
        } else if (!request.dryRun()) {
            for (InstanceName i : done) {
                WaitCommand.await(wiring, virtseed, phases, i, request.timeout())
                        .ifPresent(n -> failures.add(n.toException()));
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

    private Convergence.UpOptions options() {
        return new Convergence.UpOptions(request.dryRun(), request.recreate(), request.instanceId());
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
                if (result.outcome() == Lifecycle.UpResult.Outcome.UNCHANGED && request.dryRun()) {
                    phases.human(name + " up to date");
                    return;
                }
                InstanceView v = virtseed.show(InstanceName.of(record.name()));
                phases.human(record.name() + " " + v.stateText() + " uuid=" + record.uuid() + " accel="
                        + record.accel().text() + addresses(record) + switch (result.outcome()) {
                            case UPDATED -> " (config drive rebuilt and swapped; instance-id "
                                    + (request.instanceId() == Convergence.InstanceIdPolicy.NEW ? "new" : "kept") + ")";
                            case RECREATED -> " (made again)";
                            case UNCHANGED -> " (up to date)";
                            default -> "";
                        });
            }
        }
    }

    static String addresses(InstanceRecord r) {
        StringBuilder b = new StringBuilder();
        for (InstanceRecord.Nic n : r.nics()) {
            b.append(' ').append(n.network()).append('=').append(n.ip().map(Object::toString).orElse("-"));
        }
        return b.toString();
    }
}
