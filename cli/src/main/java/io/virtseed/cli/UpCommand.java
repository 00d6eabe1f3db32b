package io.virtseed.cli;

import io.virtseed.core.Virtseed;
import io.virtseed.core.image.ImageStore;
import io.virtseed.core.lifecycle.Lifecycle;
import io.virtseed.core.spec.InstanceSpec;
import io.virtseed.core.spec.Plan;
import io.virtseed.core.spec.SpecLoader;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.value.InstanceName;
import java.nio.file.Path;
import java.time.Duration;
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

    @Option(names = "--wait", description = "Wait until cloud-init in the guest has finished.")
    boolean waitReady;

    @Option(names = "--timeout", defaultValue = "10m", converter = DurationConverter.class,
            description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    int execute(Wiring wiring) {
        ImageStore images = wiring.get(ImageStore.class);
        // a missing image is the spec's fault: exit 2, at the image: line, before touching anything
        Plan plan = SpecLoader.checkingImageNames(images::missingName).load(file);
        plan.instances().forEach(Lifecycle::checkSupported); // the whole plan, before anything is made
        Virtseed virtseed = wiring.virtseed();
        Optional<String> owner = Optional.of(file.toAbsolutePath().normalize().toString());
        plan.networks().forEach(n -> wiring.say("==> network " + n.name() + ": up"));
        for (InstanceRecord record : upAll(wiring, virtseed, plan, owner)) {
            InstanceView v = virtseed.show(InstanceName.of(record.name()));
            out().println(record.name() + " " + v.stateText() + " uuid=" + record.uuid() + " accel="
                    + record.accel().text() + addresses(record));
        }
        if (waitReady) {
            for (InstanceSpec spec : plan.instances()) {
                wiring.say("==> " + spec.name() + ": waiting for cloud-init (up to " + timeout.toSeconds() + " s)");
                out().println(spec.name() + " ready: " + virtseed.waitReady(spec.name(), timeout));
            }
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
