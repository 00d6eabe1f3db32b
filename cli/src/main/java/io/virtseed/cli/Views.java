package io.virtseed.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtseed.core.lifecycle.InstanceView;
import io.virtseed.core.metadata.MetadataEvents;
import io.virtseed.core.state.InstanceRecord;
import java.util.List;

/** Renders instances as a table for people and as JSON for programs. */
final class Views {

    /** Built on first use: the table needs no Jackson (nor does this class's verification). */
    private static final class Json {
        static final ObjectMapper MAPPER = JsonMapper.builder().findAndAddModules().build()
                .enable(SerializationFeature.INDENT_OUTPUT).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

        static String of(Object value) {
            try {
                return MAPPER.writeValueAsString(value);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        static String listing(List<InstanceView> views) {
            ArrayNode arr = MAPPER.createArrayNode();
            for (InstanceView v : views) {
                ObjectNode o = MAPPER.valueToTree(v.record());
                o.put("state", v.stateText());
                o.put("reason", v.reason());
                v.lastEvent().ifPresentOrElse(e -> {
                    ObjectNode last = o.putObject("lastEvent");
                    last.put("at", e.at().toString());
                    last.put("event", e.event());
                    last.put("detail", e.detail());
                }, () -> o.putNull("lastEvent"));
                o.put("folder", v.dir().toString());
                arr.add(o);
            }
            return of((Object) arr);
        }
    }

    /** What {@link #json} prints for no instance (a test holds the two equal). */
    static final String EMPTY_JSON = "[ ]";

    private Views() {
    }

    /**
     * The columns of {@code %-24s %-20s %-5s %-17s %-8s %s%n}, padded by hand: {@code String.format}
     * parses its pattern on every row, some 40 us a row in a process too short for the JIT
     * ({@code ViewsTest} holds the two to the same text).
     */
    static String table(List<InstanceView> views) {
        StringBuilder sb = new StringBuilder(96 * (views.size() + 1));
        row(sb, "NAME", "STATE", "ACCEL", "DATASOURCE", "MACHINE", "UUID");
        for (InstanceView v : views) {
            InstanceRecord r = v.record();
            row(sb, r.name(), stateWithReason(v), r.accel().text(), r.datasource().specName(),
                    r.machine().libvirtName(), String.valueOf(r.uuid()));
        }
        return sb.toString();
    }

    private static final int[] WIDTHS = {24, 20, 5, 17, 8};

    private static void row(StringBuilder sb, String... cells) {
        for (int i = 0; i < WIDTHS.length; i++) {
            String c = String.valueOf(cells[i]);
            sb.append(c);
            for (int n = c.length(); n < WIDTHS[i]; n++) {
                sb.append(' ');
            }
            sb.append(' ');
        }
        sb.append(cells[WIDTHS.length]).append(System.lineSeparator());
    }

    static String details(InstanceView v) {
        InstanceRecord r = v.record();
        return "name:       " + r.name() + "\n"
                + "state:      " + stateWithReason(v) + "\n"
                + "last event: " + v.lastEvent().map(e -> e.text() + " at " + e.at()).orElse("none recorded") + "\n"
                + "uuid:       " + r.uuid() + "\n"
                + "hostname:   " + r.hostname() + "\n"
                + "image:      " + r.image() + "\n"
                + "datasource: " + r.datasource().specName() + "\n"
                + "machine:    " + r.machine().libvirtName() + " (" + r.accel().text() + ")\n"
                + "created:    " + r.created() + "\n"
                + "nics:       " + nics(r) + "\n"
                + "metadata:   " + metadata(MetadataEvents.read(v.dir())) + "\n"
                + "folder:     " + v.dir() + "\n"
                + "console:    " + v.dir().resolve("console.log") + "\n";
    }

    /** {@code shutoff (shutdown)}: the guest powered itself off; {@code shutoff (destroyed)}: from the host. */
    static String stateWithReason(InstanceView v) {
        return v.status().map(io.virtseed.core.ports.MachineStatus::text).orElse("missing");
    }

    private static String nics(InstanceRecord r) {
        if (r.nics().isEmpty()) {
            return "none";
        }
        StringBuilder b = new StringBuilder();
        for (InstanceRecord.Nic n : r.nics()) {
            b.append(b.length() == 0 ? "" : "; ").append(n.network()).append(' ').append(n.mac()).append(' ')
                    .append(n.ip().map(Object::toString).orElse("-"))
                    .append(n.ip6().map(a -> " " + a).orElse("")).append(n.dhcp() ? " (dhcp)" : " (static)")
                    .append(" tap ").append(n.tap());
        }
        return b.toString();
    }

    private static String metadata(MetadataEvents e) {
        if (e.firstFetch().isEmpty() && e.ready().isEmpty()) {
            return "not fetched yet";
        }
        return "first fetched at " + e.firstFetch().map(Object::toString).orElse("-") + ", ready at "
                + e.ready().map(Object::toString).orElse("-");
    }

    /** Any value Jackson can write, as one line. */
    static String jsonOf(Object value) {
        return Json.of(value);
    }

    static String json(List<InstanceView> views) {
        return Json.listing(views);
    }
}
