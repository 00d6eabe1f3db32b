package io.virtseed.libvirt.connect;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for libvirtd on a UNIX socket, answering each call as a test's script says: for the
 * answers the real daemon ({@code RpcListingSystemIT}) cannot be made to give. It serves one
 * connection, reading packets as libvirt frames them.
 */
final class FakeDaemon implements AutoCloseable {

    /** A call as it arrived. */
    record Call(int procedure, int serial, byte[] args) {
    }

    /** In a script's answer: the daemon hangs up there. */
    static final byte[] HANG_UP = new byte[0];

    /** The packets to send for a call, now; none leaves it unanswered. */
    @FunctionalInterface
    interface Script {
        List<byte[]> answer(Call call) throws IOException;
    }

    private final ServerSocketChannel server;
    private final Thread thread;
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch hungUp = new CountDownLatch(1);

    FakeDaemon(Path socket, Script script) throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        thread = Thread.ofPlatform().daemon().name("vs-fake-libvirtd").start(() -> serve(script));
    }

    /** The calls received so far, in order. */
    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** True once the connection ended (the client hung up, or the script did), within {@code wait}. */
    boolean clientHungUp(Duration wait) throws InterruptedException {
        return hungUp.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void serve(Script script) {
        try (SocketChannel c = server.accept()) {
            while (true) {
                ByteBuffer length = ByteBuffer.allocate(4);
                if (!readFully(c, length)) {
                    return; // the client hung up
                }
                ByteBuffer rest = ByteBuffer.allocate(length.flip().getInt() - 4);
                if (!readFully(c, rest)) {
                    return;
                }
                rest.flip();
                rest.getInt(); // program
                rest.getInt(); // version
                int procedure = rest.getInt();
                rest.getInt(); // type
                int serial = rest.getInt();
                rest.getInt(); // status
                byte[] args = new byte[rest.remaining()];
                rest.get(args);
                Call call = new Call(procedure, serial, args);
                calls.add(call);
                for (byte[] p : script.answer(call)) {
                    if (p == HANG_UP) {
                        return;
                    }
                    ByteBuffer out = ByteBuffer.wrap(p);
                    while (out.hasRemaining()) {
                        c.write(out);
                    }
                }
            }
        } catch (IOException e) {
            // the client hung up while the fake wrote, or the test closed the fake
        } finally {
            hungUp.countDown();
        }
    }

    private static boolean readFully(SocketChannel c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (c.read(b) < 0) {
                return false;
            }
        }
        return true;
    }

    /** A packet of any header and body. */
    static byte[] packet(int program, int procedure, int type, int serial, int status, byte[] body) {
        return ByteBuffer.allocate(RemoteClient.HEADER_BYTES + body.length)
                .putInt(RemoteClient.HEADER_BYTES + body.length).putInt(program).putInt(RemoteClient.VERSION)
                .putInt(procedure).putInt(type).putInt(serial).putInt(status).put(body).array();
    }

    /** The call's successful reply. */
    static byte[] ok(Call call, byte[] body) {
        return packet(RemoteClient.PROGRAM, call.procedure(), RemoteClient.REPLY, call.serial(), RemoteClient.OK, body);
    }

    /** The call's error reply, a {@code remote_error} of {@code code} as libvirtd fills it. */
    static byte[] error(Call call, int code) {
        byte[] body = new Xdr.Writer().integer(code).integer(10) // VIR_FROM_QEMU
                .optionalString(Optional.of("an error of the fake daemon")).integer(2) // VIR_ERR_ERROR
                .integer(0) // no dom
                .optionalString(Optional.of("str1")).optionalString(Optional.empty()).optionalString(Optional.empty())
                .integer(0).integer(0)
                .integer(0) // no net
                .toBytes();
        return packet(RemoteClient.PROGRAM, call.procedure(), RemoteClient.REPLY, call.serial(), RemoteClient.ERROR,
                body);
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
