package io.virtseed.libvirt.daemon;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Runs one host command given as an argument list (never through a shell) and reports how it
 * ended.
 *
 * <pre>{@code ExecResult r = new ProcessCommandExec().run(List.of("/usr/sbin/libvirtd", "-d"), Duration.ofSeconds(10));}</pre>
 */
@FunctionalInterface
public interface CommandExec {

    /**
     * @throws IOException when the command cannot be started
     */
    ExecResult run(List<String> argv, Duration timeout) throws IOException;

    /**
     * How a command ended.
     *
     * @param exitCode the exit status, or -1 when it did not exit within the timeout
     * @param stderr   what it wrote to standard error
     */
    record ExecResult(int exitCode, String stderr) {
    }
}
