package io.virtseed.core.lifecycle;

import io.virtseed.core.error.ProvisionException;
import io.virtseed.core.metadata.MetadataEvents;
import io.virtseed.core.value.InstanceName;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a wait for a guest ended: ready, by which sign and when, or not ready with what explains it
 * (the guest's state, whether it fetched its metadata, the console's last lines).
 *
 * <pre>{@code
 * switch (virtseed.awaitReady(name, Duration.ofMinutes(5))) {
 *     case ReadyOutcome.Ready r -> System.out.println("ready: " + r.text());
 *     case ReadyOutcome.NotReady n -> throw n.toException();
 * }
 * }</pre>
 */
public sealed interface ReadyOutcome permits ReadyOutcome.Ready, ReadyOutcome.NotReady {

    InstanceName name();

    /** What the metadata service saw of the guest when the wait ended. */
    MetadataEvents metadata();

    /** The sign a wait takes as ready, strongest first: a guest shows the first it can. */
    enum Criterion {
        /** cloud-init's phone_home to the metadata service: the guest has a NIC. */
        PHONE_HOME("phone-home"),
        /** cloud-init's final message (or the ready pattern) on the serial console. */
        CONSOLE("console marker"),
        /** The domain running: for a guest with no NIC whose console the hypervisor does not log. */
        RUNNING("domain running");

        private final String text;

        Criterion(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /**
     * The guest is ready.
     *
     * @param criterion the sign that ended the wait
     * @param at        when it was seen (for phone-home, when the guest reported)
     * @param line      the console's final message, when one was seen
     * @param fellBack  why a guest that should have phoned home ended on the console instead
     */
    record Ready(InstanceName name, Criterion criterion, Instant at, Optional<String> line, MetadataEvents metadata,
            Optional<String> fellBack) implements ReadyOutcome {

        /** {@code phone-home at T; LINE}, {@code console marker at T: LINE}, {@code domain running at T}. */
        public String text() {
            return switch (criterion) {
                case PHONE_HOME -> "phone-home at " + shown(at) + line.map(l -> "; " + l).orElse("");
                case CONSOLE -> "console marker at " + shown(at) + ": " + line.orElse("")
                        + fellBack.map(f -> " (no phone-home: " + f + ")").orElse("");
                case RUNNING -> "domain running at " + shown(at)
                        + " (no NIC to phone home from, no console log to watch)";
            };
        }
    }

    /**
     * The guest did not become ready.
     *
     * @param awaited  the sign the wait was for
     * @param why      {@code no phone-home within 300 s}, {@code the guest is shutoff (shutdown) before ...}
     * @param state    the guest's state with its reason ({@code running (booted)}), {@code missing} when gone
     * @param hasNic   whether the guest could reach the metadata service at all
     * @param console  the console log's path
     * @param tail     its last lines
     */
    record NotReady(InstanceName name, Criterion awaited, String why, String state, boolean hasNic,
            MetadataEvents metadata, Path console, List<String> tail) implements ReadyOutcome {

        public NotReady {
            tail = List.copyOf(tail);
        }

        /** Whether and when the guest fetched its metadata, with where to look when it never did. */
        public String metadataText() {
            if (metadata.firstFetch().isPresent()) {
                return "it first fetched its metadata at " + shown(metadata.firstFetch().get())
                        + (awaited == Criterion.PHONE_HOME ? " but never phoned home" : "");
            }
            return hasNic ? "it never fetched its metadata: check its network/DHCP"
                    : "it never fetched its metadata (it has no NIC; its config drive carries it)";
        }

        /** One paragraph: what was awaited, the state, the metadata, then the console tail. */
        public String message() {
            String lines = tail.isEmpty() ? "(the console log is empty)" : String.join("\n  ", tail);
            return why + " (waiting for " + awaited.text() + "); the guest is " + state + "; " + metadataText()
                    + "; console tail (" + console + "):\n  " + lines;
        }

        public ProvisionException toException() {
            return new ProvisionException("wait for " + name, message(), null);
        }
    }

    /** A time as messages show it: to the millisecond (JSON output keeps the full precision). */
    static String shown(Instant t) {
        return t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
    }

    /** {@code 300 s}, {@code 1.5 s}: a wait's length as its messages say it. */
    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s"
                : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
