package io.virtseed.cli;

import io.virtseed.core.lifecycle.InstanceView;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", description = "Show one instance.")
final class ShowCommand extends WiredCommand {

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json")
    OutputFormat output;

    @Override
    int execute(Wiring wiring) {
        InstanceView v = wiring.virtseed().show(DownCommand.parseName(name));
        if (output == OutputFormat.JSON) {
            out().println(Views.json(List.of(v)));
        } else {
            out().print(Views.details(v));
        }
        return ExitCodes.OK;
    }
}
