package io.virtseed.cli;

import java.time.LocalDate;
import java.util.List;
import picocli.CommandLine;

/** A man page (troff) made of picocli's usage help of every command, one section each. */
final class ManPage {

    private ManPage() {
    }

    static String render(List<CommandLine> commands) {
        CommandLine root = commands.get(0);
        StringBuilder b = new StringBuilder();
        b.append(".TH VIRTSEED 1 \"").append(LocalDate.now()).append("\" \"virtseed ")
                .append(Versions.release()).append("\" \"User Commands\"\n");
        b.append(".SH NAME\nvirtseed \\- ").append(escape(String.join(" ", root.getCommandSpec().usageMessage()
                .description()))).append('\n');
        b.append(".SH SYNOPSIS\n.B virtseed\n[\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]\n");
        b.append(".SH DESCRIPTION\nEvery command answers \\fB\\-\\-help\\fR with the text of its section below.\n");
        b.append("Exit codes: 0 success, 1 failure, 2 bad usage or a bad spec.\n");
        b.append(".SH COMMANDS\n");
        for (CommandLine cl : commands) {
            b.append(".SS ").append(escape(cl.getCommandSpec().qualifiedName(" "))).append("\n.nf\n");
            for (String line : cl.getUsageMessage(CommandLine.Help.Ansi.OFF).split("\n")) {
                b.append(line.isEmpty() ? "" : "\\&" + escape(line)).append('\n');
            }
            b.append(".fi\n");
        }
        b.append(".SH ENVIRONMENT\n.TP\n.B VIRTSEED_STATE_DIR\nState directory (default /var/lib/virtseed).\n")
                .append(".TP\n.B VIRTSEED_CONNECT\nlibvirt URI (default qemu:///system).\n");
        return b.toString();
    }

    /** Backslashes and hyphens as troff wants them; a leading dot or quote is neutralised by \&. */
    private static String escape(String s) {
        return s.replace("\\", "\\e").replace("-", "\\-");
    }
}
