package io.virtseed.cli;

import io.virtseed.core.lifecycle.InstanceView;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ls", description = "List instances with state, accelerator and datasource.")
final class LsCommand extends WiredCommand {

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json")
    OutputFormat output;

    @Override
    int execute(Wiring wiring) {
        List<InstanceView> views = wiring.virtseed().list();
        if (output == OutputFormat.JSON) {
            out().println(Views.json(views));
        } else {
            out().print(Views.table(views));
        }
        return ExitCodes.OK;
    }
}
