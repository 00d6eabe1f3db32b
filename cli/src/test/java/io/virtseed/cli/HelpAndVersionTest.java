package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every command answers {@code --help} (exit 0, its own usage), an unknown command is refused with
 * exit 2 even next to {@code --help}, the help the build stores is the one picocli renders, and
 * {@code --version} names the release and the commit.
 */
class HelpAndVersionTest {

    @TempDir
    Path tmp;

    /** Every command and subcommand, as the words that name it ("drive build"). */
    static Stream<String> commands() {
        List<String> names = new ArrayList<>();
        collect(CommandLines.all(new Wiring.Lazy()), names);
        return names.stream();
    }

    private static void collect(CommandLine cl, List<String> into) {
        into.add(cl.getCommandSpec().qualifiedName(" ").replaceFirst("^virtseed ?", ""));
        cl.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, into));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandAnswersHelp(String command) {
        var r = new CapturedCli(tmp).run(words(command, "--help"));

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).as(r.all()).contains("Usage: virtseed " + (command.isEmpty() ? "" : command + " "));
        assertThat(r.err()).as(r.all()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void storedHelpIsWhatPicocliRenders(String command) {
        var r = new CapturedCli(tmp).run(words(command, "-h"));

        // the build stores every command's help; a missing one means the build step did not run
        assertThat(HelpTexts.lookup(words(command, "-h"))).as("stored help of '%s'", command)
                .hasValue(r.out());
    }

    @Test
    void unknownCommandIsRefusedAlsoWithHelp() {
        for (String[] args : List.of(new String[] {"frobnicate"}, new String[] {"frobnicate", "--help"},
                new String[] {"drive", "burn", "--help"})) {
            var r = new CapturedCli(tmp).run(args);

            assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.out()).as(r.all()).isEmpty();
        }
        assertThat(new CapturedCli(tmp).run("frobnicate", "--help").err()).contains("unknown command 'frobnicate'");
        assertThat(new CapturedCli(tmp).run("shwo").err()).contains("unknown command 'shwo' for 'virtseed'")
                .containsPattern("Did you mean: .*virtseed show");
        assertThat(new CapturedCli(tmp).run("drive", "burn", "-h").err())
                .contains("unknown command 'burn' for 'virtseed drive'");
    }

    @Test
    void helpOfAnUnknownCommandIsNotServedFromTheStore() {
        assertThat(HelpTexts.lookup(new String[] {"frobnicate", "--help"})).isEmpty();
        assertThat(HelpTexts.lookup(new String[] {"--state-dir", "/x", "ls", "--help"})).isEmpty();
        assertThat(HelpTexts.lookup(new String[] {"ls"})).isEmpty();
    }

    @Test
    void versionNamesTheReleaseAndTheCommit() {
        String out = runMain("--version");

        assertThat(out).containsPattern("^virtseed \\d+\\.\\d+\\.\\d+\\S* \\(commit [0-9a-f]{7,}\\)\\n")
                .contains("Java " + Runtime.version());
        if (Files.exists(Path.of("..", ".git"))) { // built from a git checkout: the commit is known
            assertThat(out).doesNotContain("unknown");
        }
        assertThat(runMain("drive", "--version")).isEqualTo(out);
    }

    @Test
    void mainServesTheStoredHelp() {
        assertThat(runMain("drive", "build", "--help")).startsWith("Usage: virtseed drive build ")
                .contains("-o, --output=OUT");
    }

    /** The command's words, then {@code last}. */
    private static String[] words(String command, String last) {
        List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
        args.add(last);
        return args.toArray(String[]::new);
    }

    private static String runMain(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.run(args)).isZero();
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
