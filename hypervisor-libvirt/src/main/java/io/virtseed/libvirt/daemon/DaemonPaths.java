package io.virtseed.libvirt.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where {@link LibvirtDaemon} looks for the daemons, their sockets and systemd.
 *
 * @param libvirtSocket   libvirtd's read-write socket
 * @param virtlogdSocket  virtlogd's socket; libvirtd needs virtlogd for QEMU's logs
 * @param systemdMarker   exists when systemd runs the host, which then starts libvirt by itself
 * @param socketWait      how long to wait for libvirtd's socket after starting it
 */
public record DaemonPaths(Path libvirtd, Path virtlogd, Path libvirtSocket, Path virtlogdSocket, Path systemdMarker,
        Duration socketWait) {

    public DaemonPaths {
        Objects.requireNonNull(libvirtd, "libvirtd");
        Objects.requireNonNull(virtlogd, "virtlogd");
        Objects.requireNonNull(libvirtSocket, "libvirtSocket");
        Objects.requireNonNull(virtlogdSocket, "virtlogdSocket");
        Objects.requireNonNull(systemdMarker, "systemdMarker");
        Objects.requireNonNull(socketWait, "socketWait");
    }

    /** Debian's locations for the monolithic libvirtd. */
    public static DaemonPaths host() {
        return new DaemonPaths(Path.of("/usr/sbin/libvirtd"), Path.of("/usr/sbin/virtlogd"),
                Path.of("/var/run/libvirt/libvirt-sock"), Path.of("/var/run/libvirt/virtlogd-sock"),
                Path.of("/run/systemd/system"), Duration.ofSeconds(10));
    }
}
