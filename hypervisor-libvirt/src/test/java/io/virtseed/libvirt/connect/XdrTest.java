package io.virtseed.libvirt.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The XDR encoding as RFC 4506 lays it out, and the reader's refusals of what does not fit. */
class XdrTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void intsAndHypersAreBigEndian() throws ProtocolException {
        byte[] b = new Xdr.Writer().integer(0x01020304).integer(-2).hyper(0x0102030405060708L).hyper(-1L).toBytes();
        assertThat(HEX.formatHex(b)).isEqualTo("01020304" + "fffffffe" + "0102030405060708" + "ffffffffffffffff");
        Xdr.Reader r = new Xdr.Reader(b);
        assertThat(r.integer()).isEqualTo(0x01020304);
        assertThat(r.integer()).isEqualTo(-2);
        assertThat(r.hyper()).isEqualTo(0x0102030405060708L);
        assertThat(r.hyper()).isEqualTo(-1L);
        r.end();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "ab", "abc", "abcd", "abcde", "qemu:///system", "vs-ünïcode-名前"})
    void stringsRoundTripPaddedToFourBytes(String s) throws ProtocolException {
        byte[] b = new Xdr.Writer().string(s).integer(7).toBytes();
        int utf8 = s.getBytes(StandardCharsets.UTF_8).length;
        assertThat(b).hasSize(4 + (utf8 + 3) / 4 * 4 + 4);
        assertThat(ByteBuffer.wrap(b).getInt()).isEqualTo(utf8);
        for (int i = 4 + utf8; i < b.length - 4; i++) {
            assertThat(b[i]).as("padding byte %d", i).isZero();
        }
        Xdr.Reader r = new Xdr.Reader(b);
        assertThat(r.string()).isEqualTo(s);
        assertThat(r.integer()).isEqualTo(7); // the padding was skipped
        r.end();
    }

    @Test
    void theConnectionOpensArgumentsAreTheRemoteDriversBytes() {
        // remote_connect_open_args as libvirt's client sends it: 28 bytes after the header
        byte[] b = new Xdr.Writer().optionalString(Optional.of("qemu:///system")).integer(0).toBytes();
        assertThat(HEX.formatHex(b)).isEqualTo("00000001" + "0000000e" + HEX.formatHex("qemu:///system".getBytes(StandardCharsets.US_ASCII))
                + "0000" + "00000000");
    }

    @Test
    void optionalValuesRoundTrip() throws ProtocolException {
        byte[] b = new Xdr.Writer().optionalString(Optional.empty()).optionalString(Optional.of("x")).toBytes();
        assertThat(HEX.formatHex(b)).isEqualTo("00000000" + "00000001" + "00000001" + "78000000");
        Xdr.Reader r = new Xdr.Reader(b);
        assertThat(r.optionalString()).isEmpty();
        assertThat(r.optionalString()).contains("x");
        r.end();
    }

    @Test
    void fixedOpaqueDataHasNoLength() throws ProtocolException {
        byte[] uuid = HEX.parseHex("00112233445566778899aabbccddeeff");
        byte[] b = new Xdr.Writer().opaque(uuid).opaque(new byte[] {9}).toBytes();
        assertThat(HEX.formatHex(b)).isEqualTo("00112233445566778899aabbccddeeff" + "09000000");
        Xdr.Reader r = new Xdr.Reader(b);
        assertThat(r.opaque(16)).isEqualTo(uuid);
        assertThat(r.opaque(1)).containsExactly(9);
        r.end();
    }

    @Test
    void theWriterGrowsPastItsFirstBuffer() throws ProtocolException {
        String big = "x".repeat(10_000);
        Xdr.Writer w = new Xdr.Writer();
        for (int i = 0; i < 3; i++) {
            w.string(big).integer(i);
        }
        Xdr.Reader r = new Xdr.Reader(w.toBytes());
        for (int i = 0; i < 3; i++) {
            assertThat(r.string()).isEqualTo(big);
            assertThat(r.integer()).isEqualTo(i);
        }
        r.end();
    }

    @Test
    void aStringLongerThanWhatIsLeftIsRefused() {
        byte[] b = new Xdr.Writer().integer(9).opaque("abcdefgh".getBytes(StandardCharsets.US_ASCII)).toBytes();
        assertThatThrownBy(() -> new Xdr.Reader(b).string()).isInstanceOf(ProtocolException.class);
    }

    @Test
    void aStringWhosePaddingIsCutOffIsRefused() {
        byte[] b = HEX.parseHex("00000003" + "616263");
        assertThatThrownBy(() -> new Xdr.Reader(b).string()).isInstanceOf(ProtocolException.class);
    }

    @Test
    void aNegativeOrHugeLengthIsRefused() {
        byte[] negative = HEX.parseHex("ffffffff" + "00000000");
        assertThatThrownBy(() -> new Xdr.Reader(negative).string()).isInstanceOf(ProtocolException.class);
        byte[] huge = HEX.parseHex("7fffffff" + "00000000");
        assertThatThrownBy(() -> new Xdr.Reader(huge).string()).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> new Xdr.Reader(huge).opaque(Integer.MAX_VALUE)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void aCountOfMoreElementsThanCanFitIsRefused() throws ProtocolException {
        byte[] three = new Xdr.Writer().integer(3).integer(1).integer(2).integer(3).toBytes();
        assertThat(new Xdr.Reader(three).count(4)).isEqualTo(3);
        assertThatThrownBy(() -> new Xdr.Reader(three).count(8)).isInstanceOf(ProtocolException.class);
        byte[] negative = HEX.parseHex("80000000");
        assertThatThrownBy(() -> new Xdr.Reader(negative).count(0)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void anOptionalsFlagIsZeroOrOne() {
        byte[] b = HEX.parseHex("00000002" + "00000000");
        assertThatThrownBy(() -> new Xdr.Reader(b).optionalString()).isInstanceOf(ProtocolException.class);
    }

    @Test
    void aValuePastTheEndIsRefused() {
        assertThatThrownBy(() -> new Xdr.Reader(new byte[3]).integer()).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> new Xdr.Reader(new byte[7]).hyper()).isInstanceOf(ProtocolException.class);
    }

    @Test
    void bytesLeftOverAreRefused() throws ProtocolException {
        Xdr.Reader r = new Xdr.Reader(new Xdr.Writer().integer(1).integer(2).toBytes());
        r.integer();
        assertThat(r.remaining()).isEqualTo(4);
        assertThatThrownBy(r::end).isInstanceOf(ProtocolException.class);
    }

    @Test
    void aReaderReadsFromTheBuffersPositionOnly() throws ProtocolException {
        ByteBuffer buf = ByteBuffer.wrap(new Xdr.Writer().integer(1).integer(2).integer(3).toBytes());
        buf.position(4).limit(8);
        Xdr.Reader r = new Xdr.Reader(buf);
        assertThat(r.integer()).isEqualTo(2);
        r.end();
    }
}
