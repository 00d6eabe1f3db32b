package io.virtseed.core.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
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
    @ValueSource(strings = {"", "Web", "1web", "web-", "we_b", "we.b", "-a", "a--", "\u00e9t\u00e9", "a\n", "\u0430"})
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

    /** The rule as the spec documents it, which the hand-written check must answer alike. */
    private static final Pattern RULE = Pattern.compile("[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?");

    @Test
    void theHandWrittenCheckAnswersAsTheDocumentedPatternOnEveryShortName() {
        char[] alphabet = {'a', 'z', '0', '9', '-', 'A', '_', '.', '`', '{', '/', ':', ' '};
        int checked = 0;
        for (int len = 0; len <= 4; len++) {
            int total = (int) Math.pow(alphabet.length, len);
            for (int k = 0; k < total; k++) {
                char[] c = new char[len];
                for (int i = 0, x = k; i < len; i++, x /= alphabet.length) {
                    c[i] = alphabet[x % alphabet.length];
                }
                String s = new String(c);
                assertThat(InstanceName.valid(s)).as("'%s'", s).isEqualTo(RULE.matcher(s).matches());
                checked++;
            }
        }
        assertThat(checked).isEqualTo(1 + 13 + 169 + 2197 + 28561);
    }

    @Test
    void theHandWrittenCheckAnswersAsTheDocumentedPatternAroundTheLengthLimit() {
        Random random = new Random(63);
        String chars = "abcxyz0189-_A";
        int accepted = 0;
        for (int round = 0; round < 20_000; round++) {
            int len = 58 + random.nextInt(10); // 58 to 67: both sides of 63
            StringBuilder sb = new StringBuilder(len);
            for (int i = 0; i < len; i++) {
                // mostly valid characters, so that long valid names come up as well as invalid ones
                sb.append(random.nextInt(20) == 0 ? chars.charAt(random.nextInt(chars.length()))
                        : chars.charAt(random.nextInt(6)));
            }
            String s = sb.toString();
            boolean expected = RULE.matcher(s).matches();
            assertThat(InstanceName.valid(s)).as("'%s'", s).isEqualTo(expected);
            accepted += expected ? 1 : 0;
        }
        assertThat(accepted).isBetween(1_000, 19_000); // both answers were exercised
        assertThat(InstanceName.valid(null)).isFalse();
        assertThat(InstanceName.valid("a".repeat(63))).isTrue();
        assertThat(InstanceName.valid("a".repeat(64))).isFalse();
    }
}
