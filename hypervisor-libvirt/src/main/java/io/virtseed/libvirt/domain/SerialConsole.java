package io.virtseed.libvirt.domain;

import java.util.Objects;
import java.nio.file.Path;

/**
 * The first serial port, a pty that clients can attach to, logged to a host file, with the console
 * bound to it: {@code <serial type='pty'><log file=.../>} plus
 * {@code <console type='pty'><target type='serial'/>}.
 *
 * @param append keep earlier output when the guest starts again instead of truncating
 */
public record SerialConsole(Path logFile, boolean append) {

    public SerialConsole {
        Objects.requireNonNull(logFile, "logFile");
    }
}
