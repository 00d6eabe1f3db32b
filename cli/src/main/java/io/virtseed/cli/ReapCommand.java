package io.virtseed.cli;

import io.virtseed.core.lifecycle.Lifecycle;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "reap", description = {"Remove what interrupted runs left in this state folder: guests tagged "
        + "with it that no finished instance owns, and instance folders with no record or one still creating.",
        "Other state folders' guests and guests virtseed did not make are never touched."})
final class ReapCommand extends WiredCommand {

    @Option(names = "--dry-run", description = "List what would be removed and change nothing.")
    boolean dryRun;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json")
    OutputFormat output;

    @Override
    int execute(Wiring wiring) {
        List<Lifecycle.Leftover> found = wiring.virtseed().reap(dryRun);
        if (output == OutputFormat.JSON) {
            out().println(Views.jsonOf(found.stream().map(l -> new java.util.TreeMap<String, Object>(Map.of("name", l.name().value(), "why", l.why(),
                    "removed", !dryRun))).toList()));
            return ExitCodes.OK;
        }
        if (found.isEmpty()) {
            out().println("nothing to reap");
        }
        for (Lifecycle.Leftover l : found) {
            out().println((dryRun ? "would remove " : "removed ") + l.name() + ": " + l.why());
        }
        return ExitCodes.OK;
    }
}
