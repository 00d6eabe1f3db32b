package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@link Main} builds the model of the command the arguments name only, finds that word after the
 * global options, and falls back to every command where help or an error needs them all.
 */
class CommandWordTest {

    @TempDir
    Path tmp;

    @Test
    void theCommandWordIsFoundAfterGlobalOptionsAndTheirValues() {
        assertThat(CommandLines.commandNamed("--state-dir", "ls", "-q", "ls", "-o", "json")).containsExactly(LsCommand.class);
        assertThat(CommandLines.commandNamed("--connect", "test:///default", "drive", "build", "x.yaml"))
                .containsExactly(DriveCommand.class);
        assertThat(CommandLines.commandNamed("--state-dir=/x", "-v", "down", "web1")).containsExactly(DownCommand.class);
    }

    @Test
    void helpNoCommandAndUnknownWordsGetEveryCommand() {
        assertThat(CommandLines.commandNamed("help", "ls")).isEqualTo(VirtseedCommand.COMMANDS);
        assertThat(CommandLines.commandNamed("-q")).isEqualTo(VirtseedCommand.COMMANDS);
        assertThat(CommandLines.commandNamed("frobnicate", "--help")).isEqualTo(VirtseedCommand.COMMANDS);
    }

    @Test
    void everyListedCommandHasItsOwnName() {
        assertThat(VirtseedCommand.COMMANDS.stream().map(c -> c.getAnnotation(CommandLine.Command.class).name()))
                .doesNotHaveDuplicates().doesNotContain("<main class>");
    }

    @Test
    void aCommandRunsWithOnlyItsModelAndTheInheritedOptions() throws Exception {
        Path spec = Files.writeString(tmp.resolve("spec.yaml"), "name: vs-word1\n");
        Path out = tmp.resolve("seed.iso");
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("--state-dir", tmp.resolve("state").toString(), "drive", "build", "-q", spec.toString(),
                    "-o", out.toString());
        } finally {
            System.setOut(saved);
        }

        assertThat(code).as(bytes.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out).isNotEmptyFile();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith(out + ": iso drive, ");
    }
}
