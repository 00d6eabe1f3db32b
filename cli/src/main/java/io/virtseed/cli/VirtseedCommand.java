package io.virtseed.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top command: global options and the list of subcommands. */
@Command(name = "virtseed", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        scope = ScopeType.INHERIT, // every subcommand answers --help and --version
        description = "Provision libvirt/KVM guests on this host the way a cloud does:"
                + " domain, config drive, metadata, boot.")
public final class VirtseedCommand implements Runnable {

    /**
     * The subcommands, in the order the help lists them. Not in {@code @Command(subcommands)}: picocli
     * would build every command's model on each run, as long as its own start-up; {@link Main}
     * adds only the one the arguments name (all of them for help and errors).
     */
    static final List<Class<?>> COMMANDS = List.of(UpCommand.class, DownCommand.class, LsCommand.class,
            ShowCommand.class, StartCommand.class, StopCommand.class, RebootCommand.class, WaitCommand.class,
            LogsCommand.class, ConsoleCommand.class, SshCommand.class,
            ReapCommand.class,
            ImageCommand.class, DriveCommand.class, NetCommand.class, ServeCommand.class, PasswordCommand.class,
            PasswordCommand.GetPassword.class, DoctorCommand.class, CommandLine.HelpCommand.class);

    /** The global options that take a value, so that the command word is found after them. */
    static final Set<String> OPTIONS_WITH_VALUE = Set.of("--state-dir", "--connect");

    private final Wiring.Lazy wiring;

    @Option(names = "--state-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            defaultValue = "${env:VIRTSEED_STATE_DIR:-/var/lib/virtseed}",
            description = "State directory (default: ${DEFAULT-VALUE}; env VIRTSEED_STATE_DIR).")
    Path stateDir;

    @Option(names = "--connect", scope = ScopeType.INHERIT, paramLabel = "URI",
            defaultValue = "${env:VIRTSEED_CONNECT:-qemu:///system}",
            description = "libvirt URI (default: ${DEFAULT-VALUE}; env VIRTSEED_CONNECT).")
    String connect;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Log what happens (debug).")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "Print only results and errors.")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    VirtseedCommand(Wiring.Lazy wiring) {
        this.wiring = wiring;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The wiring for this invocation, configured from the global options. */
    Wiring wiring() {
        Wiring.logLevel(verbose);
        return wiring.get(new Wiring.Settings(stateDir, connect, quiet));
    }

    static boolean verbose(CommandLine cl) {
        Object top = cl.getCommandSpec().root().userObject();
        return top instanceof VirtseedCommand v && v.verbose;
    }

    static VirtseedCommand root(CommandLine.Model.CommandSpec spec) {
        return (VirtseedCommand) spec.root().userObject();
    }
}
