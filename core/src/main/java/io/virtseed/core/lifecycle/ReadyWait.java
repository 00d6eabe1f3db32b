package io.virtseed.core.lifecycle;

import io.virtseed.core.error.ProvisionException;
import io.virtseed.core.error.StateException;
import io.virtseed.core.metadata.MetadataEvents;
import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.value.InstanceName;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Waits for a guest to be ready. A guest with a NIC reports ready to the metadata service
 * (cloud-init's phone_home, set up by virtseed's vendor data): that ends the wait. A guest
 * without one, or one whose report never comes, ends it with the console marker (cloud-init's
 * final message); the answer says which. A timeout or a stopped guest explains itself: the state,
 * whether the guest ever fetched its metadata, and the console's last lines.
 */
final class ReadyWait {

    /** After the console's final message, how long a guest with a NIC gets to report ready. */
    private static final Duration REPORT_GRACE = Duration.ofSeconds(10);

    private final Hypervisor hypervisor;

    ReadyWait(Hypervisor hypervisor) {
        this.hypervisor = hypervisor;
    }

    String await(InstanceRecord record, InstanceLayout layout, Duration timeout, Pattern ready) {
        InstanceName name = InstanceName.of(record.name());
        boolean reports = !record.nics().isEmpty();
        var watcher = new ConsoleWatcher(layout.consoleLog());
        Instant deadline = Instant.now().plus(timeout);
        Optional<String> line = Optional.empty();
        Instant lineSeen = Instant.MAX;
        try {
            while (true) {
                if (line.isEmpty()) {
                    line = watcher.poll(ready);
                    lineSeen = line.isPresent() ? Instant.now() : Instant.MAX;
                }
                MetadataEvents events = MetadataEvents.read(layout.dir());
                if (reports && events.ready().isPresent()) {
                    return "phone-home at " + events.ready().get() + line.map(l -> "; " + l).orElse("");
                }
                if (line.isPresent() && (!reports || Instant.now().isAfter(lineSeen.plus(REPORT_GRACE)))) {
                    return line.get() + (reports ? " (no phone-home: " + fetched(events) + ")" : "");
                }
                Optional<MachineState> state = hypervisor.state(name);
                if (state.isEmpty() || state.get() == MachineState.SHUTOFF || state.get() == MachineState.CRASHED) {
                    line = line.isPresent() ? line : watcher.poll(ready); // it may have printed it and powered off
                    if (line.isPresent()) {
                        return line.get();
                    }
                    throw failure(name, "the guest is " + state.map(s -> s.name().toLowerCase(Locale.ROOT))
                            .orElse("gone") + " before cloud-init finished", layout, reports, events);
                }
                if (Instant.now().isAfter(deadline)) {
                    throw failure(name, "cloud-init did not finish within " + timeout.toSeconds() + " s", layout,
                            reports, events);
                }
                Thread.sleep(500);
            }
        } catch (IOException e) {
            throw new StateException("cannot read console log of " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(name, "interrupted", layout, reports, MetadataEvents.read(layout.dir()));
        }
    }

    private static String fetched(MetadataEvents events) {
        return events.firstFetch().map(t -> "metadata first fetched at " + t)
                .orElse("the guest never fetched its metadata");
    }

    private static ProvisionException failure(InstanceName name, String what, InstanceLayout layout, boolean reports,
            MetadataEvents events) {
        List<String> tail = ConsoleWatcher.tail(layout.consoleLog(), 25);
        String console = tail.isEmpty() ? "(the console log is empty)" : String.join("\n  ", tail);
        String metadata = reports ? "; " + fetched(events) : "";
        return new ProvisionException("wait for " + name, what + metadata + "; console tail (" + layout.consoleLog()
                + "):\n  " + console, null);
    }
}
