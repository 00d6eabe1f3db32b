package io.virtseed.cli;

import io.virtseed.core.error.ProvisionException;
import io.virtseed.core.ssh.SshTarget;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ssh", description = {
        "Log in to a running instance with the system ssh client, or run CMD there (after --): with the key",
        "virtseed made for the instance, its host keys as the guest printed them on its console, from its",
        "network's namespace to its first IPv4 address. The exit code is ssh's (255: ssh itself failed)."})
final class SshCommand extends WiredCommand {

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1..*", paramLabel = "CMD", description = "The command to run in the guest, after --.")
    List<String> command = List.of();

    @Option(names = {"-l", "--user"}, paramLabel = "USER",
            description = "Log in as USER (default: the spec's ssh_user, else the image's default user).")
    String user;

    @Option(names = "--accept-new-host-key", description = "When the console showed no host keys (an image whose"
            + " cloud-init does not print them): accept the key the guest first offers, and hold it to that.")
    boolean acceptNewHostKey;

    @Override
    int execute(Wiring wiring) {
        SshTarget target = wiring.virtseed().ssh(DownCommand.parseName(name), Optional.ofNullable(user),
                acceptNewHostKey);
        wiring.close(); // no libvirt connection held open for the length of a session
        // without a terminal no one can answer a prompt: ssh fails rather than waits
        List<String> argv = target.argv(command, !ConsoleCommand.stdinIsTerminal());
        requireOnPath("ssh", "openssh-client");
        try {
            // stdin, stdout and stderr are the user's: an interactive session, or a command's output as it comes
            Process p = new ProcessBuilder(argv).inheritIO().start();
            return p.waitFor();
        } catch (IOException e) {
            throw new ProvisionException("run ssh", "cannot run " + argv.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisionException("run ssh", "interrupted", e);
        }
    }

    /** ssh runs under {@code ip netns exec}, whose own complaint about a missing program is unclear. */
    private static void requireOnPath(String program, String debianPackage) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && new File(dir, program).canExecute()) {
                return;
            }
        }
        throw new ProvisionException("run ssh", program + " is not installed: apt-get install " + debianPackage, null);
    }
}
