package io.virtseed.libvirt.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessCommandExecTest {

    private final ProcessCommandExec exec = new ProcessCommandExec();

    @Test
    void reportsExitCodeAndStderr() throws IOException {
        CommandExec.ExecResult r = exec.run(List.of("/usr/bin/ls", "/nonexistent-vs-path"), Duration.ofSeconds(10));
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("nonexistent-vs-path");
    }

    @Test
    void argumentsAreNotInterpretedByAShell() throws IOException {
        CommandExec.ExecResult r = exec.run(List.of("/usr/bin/true", "; exit 3"), Duration.ofSeconds(10));
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void missingBinaryCannotStart() {
        assertThatThrownBy(() -> exec.run(List.of("/nonexistent/vs-tool"), Duration.ofSeconds(1)))
                .isInstanceOf(IOException.class);
    }
}
