package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SelectorPreset#apply} names a provider the JDK takes: in a fresh JVM (the
 * provider is chosen once per process), the JDK reads the property, and a UNIX socket made with
 * it connects and carries bytes.
 */
class SelectorPresetTest {

    @TempDir
    Path tmp;

    /** Run in the child JVM: preset, then a socket pair over a UNIX socket; prints the provider's class. */
    public static void main(String[] args) throws IOException {
        SelectorPreset.apply();
        Path socket = Path.of(args[0]);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX);
                    SocketChannel accepted = connect(server, client, socket)) {
                client.write(ByteBuffer.wrap("vs-ping".getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer in = ByteBuffer.allocate(7);
                while (in.hasRemaining() && accepted.read(in) >= 0) {
                    // until the 7 bytes arrived
                }
                System.out.println(System.getProperty(SelectorPreset.PROPERTY) + " "
                        + SelectorProvider.provider().getClass().getName() + " "
                        + new String(in.array(), StandardCharsets.US_ASCII));
            }
        }
    }

    private static SocketChannel connect(ServerSocketChannel server, SocketChannel client, Path socket)
            throws IOException {
        client.connect(UnixDomainSocketAddress.of(socket));
        return server.accept();
    }

    @Test
    void theJdkTakesTheNamedProviderAndItsSocketsWork() throws Exception {
        String printed = ChildJvm.run(tmp, SelectorPresetTest.class, tmp.resolve("s.sock").toString()).strip();
        assertThat(printed).isEqualTo(SelectorPreset.LINUX_PROVIDER + " " + SelectorPreset.LINUX_PROVIDER + " vs-ping");
    }

    @Test
    void aProviderNamedBeforeIsLeftAsItIs() {
        ChildJvm.withProperty(SelectorPreset.PROPERTY, "vs.named.Elsewhere", () -> {
            SelectorPreset.apply();
            assertThat(System.getProperty(SelectorPreset.PROPERTY)).isEqualTo("vs.named.Elsewhere");
        });
    }
}
