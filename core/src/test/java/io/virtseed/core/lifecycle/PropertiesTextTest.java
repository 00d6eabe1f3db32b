package io.virtseed.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PropertiesTextTest {

    private static Map<String, String> loaded(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        Map<String, String> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    @Test
    void writesSortedLinesUnderTheComment() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("memory", "256 MiB");
        m.put("cpus", "1");
        assertThat(PropertiesText.of("what the guest was made from", m))
                .isEqualTo("#what the guest was made from\ncpus=1\nmemory=256 MiB\n");
    }

    @Test
    void whatItWritesLoadsBackAsTheSameEntries() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("", "empty key");
        m.put("key with spaces", "  leading and trailing spaces  ");
        m.put("a=b:c#d!e", "=value:with#marks!and\\backslash");
        m.put("lines", "one\ntwo\r\nthree\ttab\fformfeed");
        m.put("unicode", "caf\u00e9 \u65e5\u672c \uD83D\uDE00 \u2028 \u0085 \u0000 \u007f");
        m.put("lone surrogate", "\uD800x");
        m.put("#starts like a comment", "!and so does this");
        m.put("networks", "vs-net ip 10.0.0.5 mac 52:54:00:00:00:01 static; other");
        String text = PropertiesText.of("a comment\nover two lines", m);
        assertThat(loaded(text)).isEqualTo(m);
        assertThat(text).startsWith("#a comment\n#over two lines\n");
    }

    @Test
    void randomTextsLoadBackAsWritten() throws IOException {
        Random random = new Random(7);
        String alphabet = " \t\n\r\f=:#!\\abcXYZ019-_.\u00e9\u65e5\uD83D\uDE00\u0001\u007f";
        for (int round = 0; round < 2_000; round++) {
            Map<String, String> m = new HashMap<>();
            int entries = random.nextInt(5);
            for (int e = 0; e < entries; e++) {
                m.put(text(random, alphabet), text(random, alphabet));
            }
            assertThat(loaded(PropertiesText.of("c", m))).isEqualTo(m);
        }
    }

    private static String text(Random random, String alphabet) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
