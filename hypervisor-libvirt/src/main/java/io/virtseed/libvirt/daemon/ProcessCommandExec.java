package io.virtseed.libvirt.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link CommandExec} with {@link ProcessBuilder}. Standard error goes to a temporary file, not
 * a pipe: a daemon that forks may keep the pipe open long after the command itself has exited.
 */
public final class ProcessCommandExec implements CommandExec {

    @Override
    public ExecResult run(List<String> argv, Duration timeout) throws IOException {
        Path err = Files.createTempFile("vs-exec-", ".stderr");
        try {
            Process p = new ProcessBuilder(argv)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile())
                    .start();
            boolean exited = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                p.destroyForcibly();
            }
            return new ExecResult(exited ? p.exitValue() : -1, Files.readString(err, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + argv, e);
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
