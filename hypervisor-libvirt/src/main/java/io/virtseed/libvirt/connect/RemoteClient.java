package io.virtseed.libvirt.connect;

import java.io.IOException;
import java.net.ProtocolException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A client of libvirt's RPC protocol on a daemon's UNIX socket, as libvirt's own remote driver
 * speaks it: each packet a 4-byte length (itself included), a header of six ints (program,
 * version, procedure, type, serial, status) and the XDR-encoded arguments or result. Calls go
 * out in batches and their replies are matched back by serial, as the daemon answers a client's
 * calls on several threads, in any order. The whole conversation has one deadline: past it the
 * socket is closed, and whatever call is waiting fails.
 *
 * <pre>{@code try (RemoteClient c = RemoteClient.connect(socket, Duration.ofSeconds(5))) {
 *     RemoteClient.Reply r = c.call(66, new byte[0]); // REMOTE_PROC_AUTH_LIST
 * }}</pre>
 */
final class RemoteClient implements AutoCloseable {

    /** {@code REMOTE_PROGRAM}, the program of every call a driver makes. */
    static final int PROGRAM = 0x20008086;
    /** {@code REMOTE_PROTOCOL_VERSION}. */
    static final int VERSION = 1;
    static final int CALL = 0;
    static final int REPLY = 1;
    static final int OK = 0;
    static final int ERROR = 1;
    /** The length word and the header. */
    static final int HEADER_BYTES = 28;
    /** {@code VIR_NET_MESSAGE_MAX}: the daemon sends no larger packet. */
    static final int MAX_PACKET_BYTES = 32 << 20;
    /** Calls in flight at once: their packets and replies fit the socket's buffers, so no write waits on a read. */
    private static final int BATCH_CALLS = 64;
    private static final int BATCH_BYTES = 32 << 10;

    /** One call: its procedure number and its XDR-encoded arguments. */
    record Call(int procedure, byte[] args) {
    }

    /** A call's answer: its result, or libvirt's error. */
    sealed interface Reply {
    }

    /** The call's XDR-encoded result. */
    record Done(Xdr.Reader result) implements Reply {
    }

    /** The call failed with libvirt's {@code virErrorNumber} {@code code}. */
    record Failed(int code) implements Reply {
    }

    /**
     * Closes the channel when the time is up, which wakes a blocked read or connect with an
     * exception, or when the client closes in time: the JDK's first close of a socket sets up
     * its network classes (some 5 ms), which the caller need not wait for.
     */
    private record Deadline(SocketChannel channel, long millis) implements Runnable {
        @Override
        public void run() {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                // closed in time
            }
            closeQuietly(channel);
        }
    }

    private final SocketChannel channel;
    private final Thread deadline;
    private ByteBuffer in = ByteBuffer.allocate(64 << 10).flip();
    private int serial;

    private RemoteClient(SocketChannel channel, Thread deadline) {
        this.channel = channel;
        this.deadline = deadline;
    }

    /**
     * Connects to the daemon's socket; from now on, {@code timeout} bounds the whole
     * conversation, connecting included.
     */
    static RemoteClient connect(Path socket, Duration timeout) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Thread deadline = new Thread(new Deadline(channel, Math.max(1, timeout.toMillis())), "virtseed-rpc-deadline");
        deadline.setDaemon(true);
        deadline.start();
        RemoteClient client = new RemoteClient(channel, deadline);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return client;
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** One call and its reply. */
    Reply call(int procedure, byte[] args) throws IOException {
        return callAll(List.of(new Call(procedure, args))).get(0);
    }

    /** Sends a call whose reply nobody reads: the last one, before hanging up. */
    void send(int procedure, byte[] args) throws IOException {
        write(List.of(new Call(procedure, args)), HEADER_BYTES + args.length);
    }

    /** The replies to {@code calls}, in their order. */
    List<Reply> callAll(List<Call> calls) throws IOException {
        List<Reply> out = new ArrayList<>(calls.size());
        int from = 0;
        while (from < calls.size()) {
            int to = from;
            int bytes = 0;
            while (to < calls.size() && to - from < BATCH_CALLS && (to == from || bytes < BATCH_BYTES)) {
                bytes += HEADER_BYTES + calls.get(to).args().length;
                to++;
            }
            out.addAll(batch(calls.subList(from, to), bytes));
            from = to;
        }
        return out;
    }

    private List<Reply> batch(List<Call> calls, int bytes) throws IOException {
        Map<Integer, Integer> index = write(calls, bytes);
        Reply[] replies = new Reply[calls.size()];
        for (int left = calls.size(); left > 0; left--) {
            int length = readInt();
            if (length < HEADER_BYTES || length > MAX_PACKET_BYTES) {
                throw new ProtocolException("a packet of " + Integer.toUnsignedString(length) + " bytes");
            }
            fill(length - 4);
            int program = in.getInt();
            int version = in.getInt();
            int procedure = in.getInt();
            int type = in.getInt();
            Integer place = index.remove(in.getInt());
            int status = in.getInt();
            if (program != PROGRAM || version != VERSION || type != REPLY || place == null
                    || procedure != calls.get(place).procedure() || (status != OK && status != ERROR)) {
                throw new ProtocolException("an unexpected packet: program " + Integer.toHexString(program)
                        + ", version " + version + ", procedure " + procedure + ", type " + type
                        + ", status " + status);
            }
            byte[] body = new byte[length - HEADER_BYTES]; // a copy: the buffer is read into again
            in.get(body);
            Xdr.Reader result = new Xdr.Reader(body);
            replies[place] = status == OK ? new Done(result) : new Failed(errorCode(result));
        }
        return List.of(replies);
    }

    /** Writes the calls in one go; returns each one's place by its serial. */
    private Map<Integer, Integer> write(List<Call> calls, int bytes) throws IOException {
        ByteBuffer packets = ByteBuffer.allocate(bytes);
        Map<Integer, Integer> index = new HashMap<>();
        for (int i = 0; i < calls.size(); i++) {
            Call c = calls.get(i);
            index.put(serial, i);
            packets.putInt(HEADER_BYTES + c.args().length).putInt(PROGRAM).putInt(VERSION).putInt(c.procedure())
                    .putInt(CALL).putInt(serial++).putInt(OK).put(c.args());
        }
        packets.flip();
        while (packets.hasRemaining()) {
            channel.write(packets);
        }
        return index;
    }

    /** The code of a {@code remote_error}, read whole so a reply of another shape is refused. */
    private static int errorCode(Xdr.Reader error) throws ProtocolException {
        int code = error.integer();
        error.integer(); // domain: which part of libvirt raised it
        error.optionalString(); // message
        error.integer(); // level
        if (error.present()) { // dom
            domain(error);
        }
        for (int i = 0; i < 3; i++) {
            error.optionalString(); // str1, str2, str3
        }
        error.integer(); // int1
        error.integer(); // int2
        if (error.present()) { // net: a name and a uuid
            error.string();
            error.opaque(16);
        }
        error.end();
        return code;
    }

    /** Skips a {@code remote_nonnull_domain}: name, uuid, id. */
    private static void domain(Xdr.Reader r) throws ProtocolException {
        r.string();
        r.opaque(16);
        r.integer();
    }

    private int readInt() throws IOException {
        fill(4);
        return in.getInt();
    }

    /** Reads until {@code bytes} are buffered at the read position. */
    private void fill(int bytes) throws IOException {
        if (in.remaining() >= bytes) {
            return;
        }
        if (in.capacity() < bytes) {
            in = ByteBuffer.allocate(bytes).put(in);
        } else {
            in.compact();
        }
        while (in.position() < bytes) {
            if (channel.read(in) < 0) {
                throw new IOException("the daemon closed the connection");
            }
        }
        in.flip();
    }

    /** Hangs up, on the deadline's thread; again is harmless. */
    @Override
    public void close() {
        deadline.interrupt();
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing is left to read from it either way
        }
    }
}
