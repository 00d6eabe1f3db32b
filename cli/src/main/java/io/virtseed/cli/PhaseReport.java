package io.virtseed.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.virtseed.core.lifecycle.PhaseTimings;
import io.virtseed.core.lifecycle.ReadyOutcome;
import io.virtseed.core.value.InstanceName;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code up} and {@code wait} print about phases and readiness. For people: the result
 * lines and one timings line per instance on stdout. With {@code -o json}: one JSON object per
 * line on stdout, each phase as it is known ({@code {"instance", "phase", "at", "elapsedMs",
 * "tookMs"}}) and a last one per instance with {@code "ready": true|false}; the lines for people
 * go to stderr then, so stdout parses line by line.
 */
final class PhaseReport {

    /** Built on first use: only {@code -o json} writes with it, and a mapper costs a fresh process some ms. */
    private static final class Json {
        static final ObjectMapper MAPPER = JsonMapper.builder().build();
    }

    private final OutputFormat format;
    private final PrintWriter out;
    private final PrintWriter err;
    private final PhaseTimings timings;

    /** Timings from {@code start}: when {@code up} began, or for {@code wait} when the instance was made. */
    PhaseReport(OutputFormat format, PrintWriter out, PrintWriter err, Clock clock, Instant start) {
        this.format = format;
        this.out = out;
        this.err = err;
        this.timings = new PhaseTimings(clock, start, this::phase);
    }

    /** Told of every provisioning step, for the making phases. */
    PhaseTimings timings() {
        return timings;
    }

    /** A line for people: stdout, or stderr when stdout carries JSON. */
    synchronized void human(String line) {
        (format == OutputFormat.JSON ? err : out).println(line);
    }

    /** The instance's making is over: its phases are printed (JSON) or kept for {@link #summary}. */
    void made(InstanceName name) {
        timings.made(name);
    }

    /** The wait ended: the ready line (or, for JSON, the last object) and the metadata and ready phases. */
    void ready(ReadyOutcome outcome) {
        timings.ready(outcome);
        if (outcome instanceof ReadyOutcome.Ready r) {
            human(r.name() + " ready: " + r.text());
        }
        if (format == OutputFormat.JSON) {
            json(last(outcome));
        }
    }

    /** {@code NAME timings: image 0.12s ... ready 52.0s}, when anything was timed. */
    void summary(InstanceName name) {
        String line = timings.summary(name);
        if (!line.isEmpty()) {
            human(name + " timings: " + line);
        }
    }

    private void phase(PhaseTimings.Event e) {
        if (format != OutputFormat.JSON) {
            return;
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("instance", e.instance().value());
        o.put("phase", e.phase().text());
        o.put("at", e.at().toString());
        o.put("elapsedMs", e.elapsed().toMillis());
        e.took().ifPresent(t -> o.put("tookMs", t.toMillis()));
        json(o);
    }

    private Map<String, Object> last(ReadyOutcome outcome) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("instance", outcome.name().value());
        o.put("ready", outcome instanceof ReadyOutcome.Ready);
        switch (outcome) {
            case ReadyOutcome.Ready r -> {
                o.put("criterion", r.criterion().text());
                o.put("at", r.at().toString());
                o.put("elapsedMs", Duration.between(timings.start(), r.at()).toMillis());
                o.put("detail", r.text());
            }
            case ReadyOutcome.NotReady n -> {
                o.put("awaited", n.awaited().text());
                o.put("why", n.why());
                o.put("state", n.state());
                o.put("metadata", n.metadataText());
                o.put("consoleLog", n.console().toString());
                o.put("consoleTail", n.tail());
            }
        }
        o.put("metadataFetched", outcome.metadata().firstFetch().map(Instant::toString).orElse(null));
        return o;
    }

    private synchronized void json(Map<String, Object> object) {
        try {
            out.println(Json.MAPPER.writeValueAsString(object));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
