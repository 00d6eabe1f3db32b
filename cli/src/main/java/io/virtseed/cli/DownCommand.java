package io.virtseed.cli;

import io.virtseed.core.Virtseed;
import io.virtseed.core.error.NotFoundException;
import io.virtseed.core.spec.Plan;
import io.virtseed.core.spec.SpecLoader;
import io.virtseed.core.value.InstanceName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "down", description = "Remove instances: domain, disks, config drive and state folder.")
final class DownCommand extends WiredCommand {

    @Parameters(arity = "1..*", paramLabel = "FILE|NAME", description = "Spec files or instance names.")
    List<String> targets;

    @Override
    int execute(Wiring wiring) {
        List<InstanceName> names = new ArrayList<>();
        List<Path> plans = new ArrayList<>();
        for (String t : targets) {
            Path p = Path.of(t);
            if (t.endsWith(".yaml") || t.endsWith(".yml") || Files.isRegularFile(p)) {
                plans.add(p);
            } else {
                names.add(parseName(t));
            }
        }
        Virtseed virtseed = wiring.virtseed();
        for (Path p : plans) {
            Plan plan = SpecLoader.forRemoval().load(p); // the image may be gone: down needs only the names
            virtseed.down(plan, Optional.of(p.toAbsolutePath().normalize().toString()));
            plan.instances().forEach(i -> out().println(i.name() + " removed"));
            plan.networks().forEach(n -> out().println("network " + n.name() + " removed unless still used"));
        }
        int missing = 0;
        for (InstanceName n : names) {
            try {
                virtseed.down(n);
                out().println(n + " removed");
            } catch (NotFoundException e) {
                missing++;
                spec.commandLine().getErr().println("virtseed: " + e.getMessage());
            }
        }
        return missing == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    static InstanceName parseName(String t) {
        try {
            return InstanceName.of(t);
        } catch (IllegalArgumentException e) {
            throw new io.virtseed.core.error.SpecException(e.getMessage(), e);
        }
    }
}
