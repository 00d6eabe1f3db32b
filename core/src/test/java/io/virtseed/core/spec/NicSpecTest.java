package io.virtseed.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.value.MacAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NicSpecTest {

    /** Each component in turn differs from {@code dhcpOn("default")}; the hand-written check agrees with equals. */
    @Test
    void isDhcpOnlyIsEqualsOfDhcpOn() {
        NicSpec d = NicSpec.dhcpOn("default");
        List<NicSpec> nics = List.of(d,
                new NicSpec("lab", d.ip(), d.ip6(), d.mac(), true, d.gateway(), d.gateway6(), d.dns()),
                new NicSpec("default", Optional.of("10.0.0.5"), d.ip6(), d.mac(), true, d.gateway(), d.gateway6(), d.dns()),
                new NicSpec("default", d.ip(), Optional.of("2001:db8::5/64"), d.mac(), true, d.gateway(), d.gateway6(),
                        d.dns()),
                new NicSpec("default", d.ip(), d.ip6(), Optional.of(MacAddress.of("52:54:00:00:00:01")), true,
                        d.gateway(), d.gateway6(), d.dns()),
                new NicSpec("default", d.ip(), d.ip6(), d.mac(), false, d.gateway(), d.gateway6(), d.dns()),
                new NicSpec("default", d.ip(), d.ip6(), d.mac(), true, Optional.of("10.0.0.1"), d.gateway6(), d.dns()),
                new NicSpec("default", d.ip(), d.ip6(), d.mac(), true, d.gateway(), Optional.of("2001:db8::1"), d.dns()),
                new NicSpec("default", d.ip(), d.ip6(), d.mac(), true, d.gateway(), d.gateway6(), List.of("9.9.9.9")));
        for (NicSpec n : nics) {
            assertThat(n.isDhcpOnly("default")).as(n.toString()).isEqualTo(n.equals(d));
        }
        assertThat(nics.stream().filter(n -> n.isDhcpOnly("default")).count()).isOne();
        assertThat(NicSpec.class.getRecordComponents()).as("a new component needs a line in isDhcpOnly").hasSize(8);
    }
}
