package io.virtseed.cli;

import io.virtseed.core.lifecycle.Lifecycle;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "reap", description = {"Remove what interrupted runs left in this state folder: guests tagged "
        + "with it that no finished instance owns, instance folders with no record or one still creating, network "
        + "folders with no record, and links, namespaces, iptables chains and dnsmasq processes marked with this "
        + "state folder for a network it has no record of.",
        "Other state folders' objects, and objects with our prefix that no mark ties to this state folder, are "
        + "listed as not ours and never touched."})
final class ReapCommand extends WiredCommand {

    @Option(names = "--dry-run", description = "List what would be removed and change nothing.")
    boolean dryRun;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json")
    OutputFormat output;

    @Override
    int execute(Wiring wiring) {
        List<Lifecycle.Leftover> found = wiring.virtseed().reap(dryRun);
        if (output == OutputFormat.JSON) {
            out().println(Views.jsonOf(found.stream().map(l -> new TreeMap<String, Object>(Map.of("kind", l.kind(),
                    "name", l.name(), "why", l.why(), "ours", l.ours(), "removed", l.ours() && !dryRun))).toList()));
            return ExitCodes.OK;
        }
        if (found.stream().noneMatch(Lifecycle.Leftover::ours)) {
            out().println("nothing to reap");
        }
        for (Lifecycle.Leftover l : found) {
            String verb = !l.ours() ? "left alone " : dryRun ? "would remove " : "removed ";
            out().println(verb + l.kind() + " " + l.name() + ": " + l.why());
        }
        return ExitCodes.OK;
    }
}
