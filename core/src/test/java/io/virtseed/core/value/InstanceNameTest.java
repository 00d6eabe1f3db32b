package io.virtseed.core.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstanceNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "web1", "vs-bench-000", "a-b-c"})
    void acceptsDnsLabels(String name) {
        assertThat(InstanceName.of(name).value()).isEqualTo(name);
        assertThat(InstanceName.of(name)).hasToString(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Web", "1web", "web-", "we_b", "we.b"})
    void refusesWhatIsNoDnsLabel(String name) {
        assertThatThrownBy(() -> InstanceName.of(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid instance name '" + name + "'");
    }

    @Test
    void namesAreEqualByTheirValueAlone() {
        InstanceName a = InstanceName.of("vs-a");
        assertThat(a).isEqualTo(InstanceName.of("vs-a")).hasSameHashCodeAs(InstanceName.of("vs-a"))
                .isNotEqualTo(InstanceName.of("vs-b")).isNotEqualTo("vs-a").isNotEqualTo(null);
        Set<InstanceName> set = new HashSet<>(Set.of(a, InstanceName.of("vs-b")));
        assertThat(set.contains(InstanceName.of("vs-a"))).isTrue();
        assertThat(set.add(InstanceName.of("vs-b"))).isFalse();
        assertThat(a.compareTo(InstanceName.of("vs-b"))).isNegative();
    }
}
