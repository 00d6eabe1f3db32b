package io.virtseed.core.lifecycle;

import io.virtseed.core.error.StateException;
import io.virtseed.core.lifecycle.ReadyOutcome.Criterion;
import io.virtseed.core.metadata.MetadataEvents;
import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.ports.MachineStatus;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.value.InstanceName;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Waits for a guest to be ready, by the strongest sign it can give. A guest with a NIC reports
 * ready to the metadata service (cloud-init's phone_home, set up by virtseed's vendor data). One
 * without, or one whose report never comes, is ready on the console marker (cloud-init's final
 * message); one whose console the hypervisor does not log, once its domain runs. The outcome says
 * which. A timeout or a stopped guest explains itself: the state, whether the guest ever fetched
 * its metadata, and the console's last lines.
 */
final class ReadyWait {

    /** After the console's final message, how long a guest with a NIC gets to report ready. */
    static final Duration REPORT_GRACE = Duration.ofSeconds(10);
    static final Duration POLL = Duration.ofMillis(500);
    static final int TAIL_LINES = 20;

    /** Waits between polls; a test's clock moves instead. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final Hypervisor hypervisor;
    private final Clock clock;
    private final Sleeper sleeper;

    ReadyWait(Hypervisor hypervisor, Clock clock, Sleeper sleeper) {
        this.hypervisor = hypervisor;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** The sign a wait for this guest ends on; see {@link Criterion}. */
    Criterion criterion(InstanceRecord record) {
        if (!record.nics().isEmpty()) {
            return Criterion.PHONE_HOME;
        }
        return hypervisor.logsConsole() ? Criterion.CONSOLE : Criterion.RUNNING;
    }

    ReadyOutcome await(InstanceRecord record, InstanceLayout layout, Duration timeout, Pattern ready) {
        InstanceName name = InstanceName.of(record.name());
        Criterion criterion = criterion(record);
        boolean hasNic = criterion == Criterion.PHONE_HOME;
        var watcher = new ConsoleWatcher(layout.consoleLog());
        Instant deadline = clock.instant().plus(timeout);
        Optional<String> line = Optional.empty();
        Instant lineSeen = Instant.MAX;
        try {
            while (true) {
                Instant now = clock.instant();
                if (criterion != Criterion.RUNNING && line.isEmpty()) {
                    line = watcher.poll(ready);
                    lineSeen = line.isPresent() ? now : Instant.MAX;
                }
                MetadataEvents events = MetadataEvents.read(layout.dir());
                if (hasNic && events.ready().isPresent()) {
                    // cloud-init phones home just before its final message: give the line a moment to come
                    Optional<String> last = line.isPresent() ? line : awaitLine(watcher, ready);
                    return new ReadyOutcome.Ready(name, Criterion.PHONE_HOME, events.ready().get(), last, events,
                            Optional.empty());
                }
                if (line.isPresent() && (!hasNic || now.isAfter(lineSeen.plus(REPORT_GRACE)))) {
                    return onConsole(name, lineSeen, line.get(), events, hasNic);
                }
                Optional<MachineStatus> status = hypervisor.status(name);
                Optional<MachineState> state = status.map(MachineStatus::state);
                if (criterion == Criterion.RUNNING && state.equals(Optional.of(MachineState.RUNNING))) {
                    return new ReadyOutcome.Ready(name, Criterion.RUNNING, now, Optional.empty(), events,
                            Optional.empty());
                }
                if (state.isEmpty() || state.get() == MachineState.SHUTOFF || state.get() == MachineState.CRASHED) {
                    // it may have printed the line and powered off
                    line = line.isPresent() || criterion == Criterion.RUNNING ? line : watcher.poll(ready);
                    if (line.isPresent()) {
                        return onConsole(name, now, line.get(), events, hasNic);
                    }
                    return notReady(record, criterion, "the guest stopped before " + goal(criterion), status,
                            layout, events);
                }
                if (now.isAfter(deadline)) {
                    String what = criterion == Criterion.RUNNING ? "the domain was not running"
                            : "cloud-init did not finish";
                    return notReady(record, criterion, what + " within " + ReadyOutcome.seconds(timeout), status,
                            layout, events);
                }
                sleeper.sleep(POLL);
            }
        } catch (IOException e) {
            throw new StateException("cannot read console log of " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return notReady(record, criterion, "interrupted", hypervisor.status(name), layout,
                    MetadataEvents.read(layout.dir()));
        }
    }

    private static String goal(Criterion criterion) {
        return criterion == Criterion.RUNNING ? "it ran" : "cloud-init finished";
    }

    private static ReadyOutcome.Ready onConsole(InstanceName name, Instant at, String line, MetadataEvents events,
            boolean hasNic) {
        Optional<String> fellBack = hasNic ? Optional.of(events.firstFetch()
                .map(t -> "metadata first fetched at " + ReadyOutcome.shown(t))
                .orElse("the guest never fetched its metadata"))
                : Optional.empty();
        return new ReadyOutcome.Ready(name, Criterion.CONSOLE, at, Optional.of(line), events, fellBack);
    }

    private Optional<String> awaitLine(ConsoleWatcher watcher, Pattern ready)
            throws IOException, InterruptedException {
        Instant until = clock.instant().plus(REPORT_GRACE);
        Optional<String> line = watcher.poll(ready);
        while (line.isEmpty() && clock.instant().isBefore(until)) {
            sleeper.sleep(Duration.ofMillis(200));
            line = watcher.poll(ready);
        }
        return line;
    }

    private static ReadyOutcome.NotReady notReady(InstanceRecord record, Criterion criterion, String why,
            Optional<MachineStatus> status, InstanceLayout layout, MetadataEvents events) {
        return new ReadyOutcome.NotReady(InstanceName.of(record.name()), criterion, why,
                status.map(MachineStatus::text).orElse("missing (its domain is gone)"), !record.nics().isEmpty(),
                events, layout.consoleLog(), ConsoleWatcher.tail(layout.consoleLog(), TAIL_LINES));
    }
}
