package io.virtseed.cli.doctor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/** The doctor's findings as one line each for people, or as a JSON array for programs. */
public final class DoctorReport {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build().enable(SerializationFeature.INDENT_OUTPUT);

    private DoctorReport() {
    }

    /** {@code STATUS ID DETAIL; fix: FIX}, aligned. */
    public static String table(List<Check> checks) {
        StringBuilder sb = new StringBuilder();
        for (Check c : checks) {
            String status = c.status() == Check.Status.OK ? "ok" : c.status().name();
            sb.append(String.format(Locale.ROOT, "%-4s %-12s %s", status, c.id(), c.detail()));
            c.fix().ifPresent(f -> sb.append("; fix: ").append(f));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** {@code [{"id": ..., "status": "ok"|"warn"|"fail", "detail": ..., "fix": ...|null}, ...]} */
    public static String json(List<Check> checks) {
        ArrayNode arr = MAPPER.createArrayNode();
        for (Check c : checks) {
            ObjectNode o = arr.addObject();
            o.put("id", c.id());
            o.put("status", c.status().name().toLowerCase(Locale.ROOT));
            o.put("detail", c.detail());
            o.put("fix", c.fix().orElse(null));
        }
        try {
            return MAPPER.writeValueAsString(arr);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
