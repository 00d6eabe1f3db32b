package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code virtseed ssh}'s arguments, and its refusal of an unknown name (libvirt's test driver: nothing real). */
class SshCommandTest {

    @TempDir
    Path state;

    @Test
    void everythingAfterTheDoubleDashIsTheRemoteCommandEvenWordsLikeOptions() {
        CommandLine.ParseResult r = CommandLines.all(new Wiring.Lazy())
                .parseArgs("ssh", "-l", "ops", "web1", "--", "ls", "-la", "/tmp");
        SshCommand c = (SshCommand) r.subcommand().commandSpec().userObject();
        assertThat(c.name).isEqualTo("web1");
        assertThat(c.user).isEqualTo("ops");
        assertThat(c.command).containsExactly("ls", "-la", "/tmp");
        assertThat(c.acceptNewHostKey).isFalse();
    }

    @Test
    void anUnknownInstanceIsAUsageErrorNamingIt() {
        var r = new CapturedCli(state, "--connect", "test:///default").run("ssh", "vs-none", "--", "hostname");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("no instance named 'vs-none'");
    }
}
