package io.virtseed.core.exec;

import io.virtseed.core.error.CommandException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs commands as real processes, with a timeout; output is captured, never echoed to logs in full. */
public final class ProcessCommandRunner implements CommandRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessCommandRunner.class);
    private static final int TAIL_CHARS = 2000;

    @Override
    public CommandResult run(Command command) {
        var argv = command.effectiveArgv();
        LOG.debug("run: {}", argv);
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectInput(command.stdin().isPresent()
                    ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new CommandException(argv, -1, String.valueOf(e.getMessage()), "cannot start command");
        }
        CompletableFuture<byte[]> out = drain(process.getInputStream());
        CompletableFuture<byte[]> err = drain(process.getErrorStream());
        if (command.stdin().isPresent()) {
            try (OutputStream in = process.getOutputStream()) {
                in.write(command.stdin().get());
            } catch (IOException e) {
                LOG.debug("stdin of {} closed early: {}", argv.get(0), e.getMessage());
            }
        }
        try {
            if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new CommandException(argv, -1, tail(err.getNow(new byte[0])),
                        "command timed out after " + command.timeout().toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandException(argv, -1, "", "interrupted while waiting for command");
        }
        var result = new CommandResult(process.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                new String(err.join(), StandardCharsets.UTF_8));
        if (!command.okExitCodes().contains(result.exitCode())) {
            throw new CommandException(argv, result.exitCode(), tail(result.stderr().isBlank()
                    ? result.stdout().getBytes(StandardCharsets.UTF_8) : result.stderr().getBytes(StandardCharsets.UTF_8)),
                    "command failed");
        }
        return result;
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in; var buf = new ByteArrayOutputStream()) {
                in.transferTo(buf);
                return buf.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Thread.ofVirtual()::start);
    }

    static String tail(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        return s.length() <= TAIL_CHARS ? s : "..." + s.substring(s.length() - TAIL_CHARS);
    }
}
