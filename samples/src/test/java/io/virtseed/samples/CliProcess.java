package io.virtseed.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code virtseed} CLI as a real process, the way an operator does. */
final class CliProcess {

    /** The outcome of one CLI run. */
    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    private final Path repo;
    private final Path stateDir;

    CliProcess(Path stateDir) {
        this.repo = Path.of(System.getProperty("virtseed.repo", "..")).toAbsolutePath().normalize();
        this.stateDir = stateDir;
    }

    Path repo() {
        return repo;
    }

    /**
     * Starts the CLI with its stdin and stdout as pipes, for commands a test talks to
     * ({@code console}); stderr goes to {@code err}. The caller ends the process.
     */
    Process start(Path err, String... args) throws IOException {
        return new ProcessBuilder(argv(args)).redirectError(err.toFile()).start();
    }

    private List<String> argv(String... args) {
        Path jar = repo.resolve("cli/target/virtseed.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the CLI jar is not built: " + jar);
        }
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(), "--state-dir", stateDir.toString()));
        argv.addAll(List.of(args));
        return argv;
    }

    Result run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> argv = argv(args);
        Path out = Files.createTempFile("vs-cli-out", ".txt");
        Path err = Files.createTempFile("vs-cli-err", ".txt");
        try {
            Process p = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException("virtseed " + String.join(" ", args) + " did not finish in "
                        + timeoutSeconds + " s; stderr: " + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
