package io.virtseed.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ls", description = "List instances with state, accelerator and datasource.")
final class LsCommand extends WiredCommand {

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json")
    OutputFormat output;

    @Override
    int execute(Wiring wiring) {
        return DirectLs.print(wiring, output, out()); // Main runs the plain spellings of ls without picocli
    }
}
