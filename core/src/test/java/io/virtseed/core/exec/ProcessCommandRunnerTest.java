package io.virtseed.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.CommandException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessCommandRunnerTest {

    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void argumentsReachTheProgramUnchangedWithoutAShell() {
        CommandResult r = runner.run(Command.of("printf", "%s|", "a b", "$HOME", ";rm -rf /", "'q'"));
        assertThat(r.stdout()).isEqualTo("a b|$HOME|;rm -rf /|'q'|");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void stdinIsFedAndOutputCaptured() {
        CommandResult r = runner.run(Command.of("cat").withStdin("hello\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.stdout()).isEqualTo("hello\n");
    }

    @Test
    void aDisallowedExitCodeNamesTheCommandAndItsStderr() {
        assertThatThrownBy(() -> runner.run(Command.of("ls", "/vs-no-such-path")))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("ls /vs-no-such-path exited 2")
                .hasMessageContaining("No such file")
                .satisfies(e -> assertThat(((CommandException) e).exitCode()).isEqualTo(2));
        assertThat(runner.run(Command.of("ls", "/vs-no-such-path").allowing(0, 2)).exitCode()).isEqualTo(2);
    }

    @Test
    void aCommandThatRunsTooLongIsKilled() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> runner.run(Command.of("sleep", "30").withTimeout(Duration.ofMillis(300))))
                .isInstanceOf(CommandException.class).hasMessageContaining("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aMissingProgramIsAClearError() {
        assertThatThrownBy(() -> runner.run(Command.of("vs-no-such-program")))
                .isInstanceOf(CommandException.class).hasMessageContaining("cannot start command: vs-no-such-program");
    }

    @Test
    void namespaceWrapperIsAnArgumentListToo() {
        assertThat(Command.of("ip", "addr").inNetns("vs-x").effectiveArgv())
                .containsExactly("ip", "netns", "exec", "vs-x", "ip", "addr");
        assertThatThrownBy(() -> Command.of("echo", "a\0b")).isInstanceOf(IllegalArgumentException.class);
    }
}
