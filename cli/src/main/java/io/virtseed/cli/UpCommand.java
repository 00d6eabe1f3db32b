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
        for (InstanceSpec spec : plan.instances()) {
            wiring.say("==> " + spec.name() + ": up");
            InstanceRecord record = virtseed.up(spec);
            out().println(record.name() + " " + virtseed.show(InstanceName.of(record.name())).stateText() + " uuid="
                    + record.uuid() + " accel=" + record.accel().text());
        }
        if (waitReady) {
            for (InstanceSpec spec : plan.instances()) {
                wiring.say("==> " + spec.name() + ": waiting for cloud-init (up to " + timeout.toSeconds() + " s)");
                out().println(spec.name() + " ready: " + virtseed.waitReady(spec.name(), timeout));
            }
        }
        return ExitCodes.OK;
    }
}
