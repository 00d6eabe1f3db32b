package io.virtseed.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand reader of flat objects reads what Jackson reads, or leaves the bytes to it. */
class FlatJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {
        "{\n  \"name\" : \"vs-img\",\n  \"disk\" : \"disk.qcow2\",\n  \"format\" : \"qcow2\",\n  \"virtual_size\" : 16777216\n}",
        "{\"kernel\":\"vmlinuz\",\"cmdline\":\"root=/dev/vda rw console=ttyS0 \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t\\u00e9\\u4e2d\"}",
        "{}", " { } ", "{\"a\":null,\"b\":true,\"c\":false,\"d\":-0,\"e\":0,\"f\":-123456789012345678}",
        "{\"é\":\"ünï 中文\"}\n",
    })
    void readsWhatJacksonReads(String json) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThat(FlatJson.read(bytes)).contains(jackson(bytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":{\"b\":1}}", "{\"a\":[1]}", "{\"a\":1.5}", "{\"a\":1e3}", "{\"a\":01}", "{\"a\":1234567890123456789}",
        "{\"a\":1,\"a\":2}", "{\"a\":1}x", "{\"a\":1", "{\"a\" 1}", "{\"a\":1,}", "[1]", "", "{\"a\":\"\\ud83d\\ude00\"}",
        "{\"a\":\"\uD83D\uDE00\"}", "{\"a\":\"tab\there\"}", "{\"a\":\"\\x\"}", "{\"a\":nul}", "{'a':1}", "{\"a\":\"\\u00\"}",
    })
    void leavesToJacksonWhatItDoesNotSurelyRead(String json) {
        assertThat(FlatJson.read(json.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void leavesBadUtf8ToJackson() {
        assertThat(FlatJson.read(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'})).isEmpty();
    }

    private static Map<String, Object> jackson(byte[] bytes) throws Exception {
        JsonNode tree = MAPPER.readTree(bytes);
        Map<String, Object> out = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            out.put(e.getKey(), v.isNull() ? null : v.isTextual() ? v.asText() : v.isBoolean() ? (Object) v.asBoolean()
                    : (Object) v.asLong());
        }
        return out;
    }
}
