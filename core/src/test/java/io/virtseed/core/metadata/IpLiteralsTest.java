package io.virtseed.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.SpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpLiteralsTest {

    @ParameterizedTest
    @CsvSource({
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:1:2:3:4:0:6, 2001:db8:1:2:3:4:0:6",
        "0:0:0:0:0:0:0:0, ::",
        "::1, ::1",
        "FE80::A, fe80::a",
        "1::, 1::",
        "::2:3:4:5:6:7:8, 0:2:3:4:5:6:7:8"
    })
    void ipv6IsFormattedPerRfc5952(String in, String out) {
        assertThat(IpLiterals.formatIpv6(IpLiterals.ipv6(in, "x"))).isEqualTo(out);
    }

    @Test
    void hostNamesAreRejectedBeforeAnyLookup() {
        // a name would make InetAddress resolve it: the character check stops it first
        assertThatThrownBy(() -> IpLiterals.ipv6("localhost:80", "dns")).isInstanceOf(SpecException.class)
                .hasMessage("dns: 'localhost:80' is not an IPv6 address (use a literal like fd00:1::10)");
        assertThatThrownBy(() -> IpLiterals.ipv6("[::1]", "dns")).isInstanceOf(SpecException.class);
        assertThatThrownBy(() -> IpLiterals.canonicalAddress("::", "dns")).isInstanceOf(SpecException.class)
                .hasMessageContaining("unspecified, loopback or multicast");
    }

    @Test
    void masksAndPrefixes() {
        assertThat(IpLiterals.formatIpv6(IpLiterals.ipv6Mask(48))).isEqualTo("ffff:ffff:ffff::");
        assertThat(IpLiterals.formatIpv6(IpLiterals.ipv6Mask(65))).isEqualTo("ffff:ffff:ffff:ffff:8000::");
        assertThat(IpLiterals.formatIpv6(IpLiterals.ipv6Mask(0))).isEqualTo("::");
        assertThat(IpLiterals.sameIpv6Prefix(IpLiterals.ipv6("fd00:1::1", "a"), IpLiterals.ipv6("fd00:1::ff", "b"), 64)).isTrue();
        assertThat(IpLiterals.sameIpv6Prefix(IpLiterals.ipv6("fd00:1::1", "a"), IpLiterals.ipv6("fd00:2::1", "b"), 64)).isFalse();
    }
}
