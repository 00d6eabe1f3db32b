package io.virtseed.libvirt.connect;

import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The XDR encoding (RFC 4506) of the few types libvirt's RPC protocol uses for a listing: 32-bit
 * ints, 64-bit hypers, strings (a length, the bytes, zeros to the next multiple of four), fixed
 * opaque data (the bytes and the padding, no length) and optional data (a 0 or 1, then the value
 * when 1). All big-endian.
 *
 * <pre>{@code byte[] args = new Xdr.Writer().optionalString(Optional.of("qemu:///system")).integer(0).toBytes();}</pre>
 */
final class Xdr {

    private Xdr() {
    }

    private static int padding(int length) {
        return -length & 3;
    }

    /** Appends values to a growing buffer. */
    static final class Writer {

        private byte[] bytes = new byte[64];
        private int size;

        /** A signed or unsigned 32-bit int, and an enum. */
        Writer integer(int value) {
            room(4);
            bytes[size] = (byte) (value >>> 24);
            bytes[size + 1] = (byte) (value >>> 16);
            bytes[size + 2] = (byte) (value >>> 8);
            bytes[size + 3] = (byte) value;
            size += 4;
            return this;
        }

        /** A signed or unsigned 64-bit hyper. */
        Writer hyper(long value) {
            return integer((int) (value >>> 32)).integer((int) value);
        }

        /** A string, as UTF-8. */
        Writer string(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            integer(utf8.length);
            return opaque(utf8);
        }

        /** An optional string ({@code remote_string}: a pointer that may be null). */
        Writer optionalString(Optional<String> value) {
            if (value.isEmpty()) {
                return integer(0);
            }
            return integer(1).string(value.get());
        }

        /** Fixed-length opaque data: the bytes and their padding, without a length. */
        Writer opaque(byte[] data) {
            room(data.length + padding(data.length));
            System.arraycopy(data, 0, bytes, size, data.length);
            size += data.length;
            Arrays.fill(bytes, size, size + padding(data.length), (byte) 0);
            size += padding(data.length);
            return this;
        }

        /** The bytes written so far. */
        byte[] toBytes() {
            return Arrays.copyOf(bytes, size);
        }

        int size() {
            return size;
        }

        private void room(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }

    /**
     * Reads values from a buffer, refusing any length that runs past its end, a negative count,
     * an optional's flag other than 0 or 1, and (by {@link #end}) bytes left over.
     */
    static final class Reader {

        private final ByteBuffer in;

        /** Reads {@code in} from its position to its limit; the buffer is not copied. */
        Reader(ByteBuffer in) {
            this.in = in.slice();
        }

        Reader(byte[] data) {
            this(ByteBuffer.wrap(data));
        }

        int integer() throws ProtocolException {
            need(4, "an int");
            return in.getInt();
        }

        long hyper() throws ProtocolException {
            need(8, "a hyper");
            return in.getLong();
        }

        /**
         * A count ahead of {@code elementSize}-byte (at least) elements: refused when negative or
         * when that many could not fit in what is left, so no reply makes a huge array.
         */
        int count(int elementSize) throws ProtocolException {
            int n = integer();
            if (n < 0 || (long) n * elementSize > in.remaining()) {
                throw new ProtocolException("a count of " + Integer.toUnsignedString(n) + " with "
                        + in.remaining() + " bytes left");
            }
            return n;
        }

        String string() throws ProtocolException {
            int length = integer();
            if (length < 0) {
                throw new ProtocolException("a string of " + Integer.toUnsignedString(length) + " bytes");
            }
            return new String(opaque(length), StandardCharsets.UTF_8);
        }

        Optional<String> optionalString() throws ProtocolException {
            return present() ? Optional.of(string()) : Optional.empty();
        }

        /** An optional value's flag: true when the value follows. */
        boolean present() throws ProtocolException {
            int flag = integer();
            if (flag != 0 && flag != 1) {
                throw new ProtocolException("an optional value's flag of " + flag);
            }
            return flag == 1;
        }

        /** Fixed-length opaque data of {@code length} bytes, skipping its padding. */
        byte[] opaque(int length) throws ProtocolException {
            need((long) length + padding(length), "opaque data of " + length + " bytes");
            byte[] out = new byte[length];
            in.get(out);
            in.position(in.position() + padding(length));
            return out;
        }

        int remaining() {
            return in.remaining();
        }

        /** Refuses bytes after the last value: a reply of another shape than the one expected. */
        void end() throws ProtocolException {
            if (in.hasRemaining()) {
                throw new ProtocolException(in.remaining() + " bytes after the last value");
            }
        }

        private void need(long bytes, String what) throws ProtocolException {
            if (bytes > in.remaining()) {
                throw new ProtocolException(what + " with " + in.remaining() + " bytes left");
            }
        }
    }
}
