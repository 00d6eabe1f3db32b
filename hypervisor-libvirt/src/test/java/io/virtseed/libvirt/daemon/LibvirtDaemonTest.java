package io.virtseed.libvirt.daemon;

import io.virtseed.core.exec.CommandResult;
import io.virtseed.core.exec.CommandRunner;
import io.virtseed.core.exec.RecordingCommandRunner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.CommandException;
import io.virtseed.core.error.HypervisorException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibvirtDaemonTest {

    @TempDir
    Path dir;

    private final List<ServerSocketChannel> listening = new ArrayList<>();
    private final List<List<String>> ran = new ArrayList<>();

    @AfterEach
    void closeSockets() throws IOException {
        for (ServerSocketChannel s : listening) {
            s.close();
        }
    }

    @Test
    void nothingToDoWhenLibvirtdAnswers() {
        listen(paths().libvirtSocket());
        assertThat(daemon(startsDaemons()).ensureRunning()).isEmpty();
        assertThat(ran).isEmpty();
    }

    @Test
    void startsVirtlogdThenLibvirtdAndSaysSo() {
        Optional<String> said = daemon(startsDaemons()).ensureRunning();

        assertThat(ran).containsExactly(List.of(dir.resolve("virtlogd").toString(), "-d"),
                List.of(dir.resolve("libvirtd").toString(), "-d"));
        assertThat(said).hasValueSatisfying(m -> assertThat(m).contains("started virtlogd and libvirtd"));
        assertThat(LibvirtDaemon.accepts(paths().libvirtSocket())).isTrue();
    }

    @Test
    void leavesARunningVirtlogdAlone() {
        listen(paths().virtlogdSocket());
        Optional<String> said = daemon(startsDaemons()).ensureRunning();

        assertThat(ran).containsExactly(List.of(dir.resolve("libvirtd").toString(), "-d"));
        assertThat(said).hasValueSatisfying(m -> assertThat(m).contains("started libvirtd").doesNotContain("virtlogd"));
    }

    @Test
    void aStaleSocketFileDoesNotCountAsRunning() throws IOException {
        Files.createFile(paths().libvirtSocket());
        Files.createFile(paths().virtlogdSocket());
        assertThat(LibvirtDaemon.accepts(paths().libvirtSocket())).isFalse();
    }

    @Test
    void failsClearlyWhenTheSocketNeverAnswers() {
        RecordingCommandRunner startsNothing = new RecordingCommandRunner().answering(c -> {
            ran.add(c.argv());
            return new CommandResult(0, "", "");
        });
        assertThatThrownBy(() -> daemon(startsNothing).ensureRunning()).isInstanceOf(HypervisorException.class)
                .hasMessageContaining("does not answer on " + paths().libvirtSocket());
    }

    @Test
    void failedStartNamesTheCommandAndItsError() {
        RecordingCommandRunner fails = new RecordingCommandRunner()
                .answering(c -> new CommandResult(1, "", "error: cannot bind socket\n"));
        assertThatThrownBy(() -> daemon(fails).ensureRunning()).isInstanceOf(CommandException.class)
                .hasMessageContaining("virtlogd -d exited 1")
                .hasMessageContaining("cannot bind socket");
    }

    @Test
    void leavesSystemdHostsToSystemd() throws IOException {
        Files.createDirectories(paths().systemdMarker());
        assertThatThrownBy(() -> daemon(startsDaemons()).ensureRunning()).isInstanceOf(HypervisorException.class)
                .hasMessageContaining("systemctl start libvirtd");
        assertThat(ran).isEmpty();
    }

    private LibvirtDaemon daemon(CommandRunner exec) {
        return new LibvirtDaemon(paths(), exec);
    }

    private DaemonPaths paths() {
        return new DaemonPaths(dir.resolve("libvirtd"), dir.resolve("virtlogd"), dir.resolve("libvirt-sock"),
                dir.resolve("virtlogd-sock"), dir.resolve("systemd"), Duration.ofMillis(500));
    }

    /** A fake that "starts" a daemon by listening on its socket, as the real one would. */
    private CommandRunner startsDaemons() {
        return new RecordingCommandRunner().answering(c -> {
            ran.add(c.argv());
            listen(c.argv().get(0).endsWith("virtlogd") ? paths().virtlogdSocket() : paths().libvirtSocket());
            return new CommandResult(0, "", "");
        });
    }

    private void listen(Path socket) {
        try {
            ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            s.bind(UnixDomainSocketAddress.of(socket));
            listening.add(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
