package io.virtseed.configdrive.fat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a system tool from an argument list with a timeout, capturing stdout (as bytes)
 * and stderr in files so a chatty tool can never block on a full pipe.
 *
 * <pre>{@code
 * ToolRunner.Result r = new ToolRunner(tempDir).run("fsck.fat", "-n", image.toString());
 * }</pre>
 */
final class ToolRunner {

    /** Directories searched after PATH: the sbin tools (fsck.fat, blkid) are there. */
    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");
    private static final long TIMEOUT_SECONDS = 120;

    private final Path workDir;
    private int counter;

    ToolRunner(Path workDir) {
        this.workDir = workDir;
    }

    record Result(int exitCode, byte[] stdoutBytes, String stderr) {
        String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        String describe() {
            return "exit " + exitCode + "\nstdout:\n" + stdout() + "\nstderr:\n" + stderr;
        }
    }

    /** The tool's absolute path, if installed. */
    static Optional<Path> locate(String tool) {
        if (tool.startsWith("/")) {
            return Optional.of(Path.of(tool)).filter(Files::isExecutable);
        }
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(EXTRA_DIRS);
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, tool))
                .filter(Files::isExecutable).findFirst();
    }

    Result run(String tool, String... args) throws IOException, InterruptedException {
        Path exe = locate(tool).orElseThrow(() -> new IllegalStateException("tool not installed: " + tool));
        List<String> argv = new ArrayList<>();
        argv.add(exe.toString());
        argv.addAll(List.of(args));
        int n = ++counter;
        Path out = workDir.resolve("vs-tool-" + n + ".out");
        Path err = workDir.resolve("vs-tool-" + n + ".err");
        Process p = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();   // no tool here reads stdin; EOF keeps a prompt from waiting
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out after " + TIMEOUT_SECONDS + " s: " + argv);
        }
        return new Result(p.exitValue(), Files.readAllBytes(out), Files.readString(err));
    }
}
