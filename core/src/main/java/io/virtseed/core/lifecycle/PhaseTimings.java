package io.virtseed.core.lifecycle;

import io.virtseed.core.provision.Provisioner;
import io.virtseed.core.value.InstanceName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Times the phases of bringing instances up, relative to one start: the making phases from the
 * provisioner's steps (told per instance, so a plan's instances made at once stay apart), then
 * the metadata fetch and ready from the wait's outcome. Each phase is handed to the sink as an
 * {@link Event}; {@link #summary} gives the line for people.
 *
 * <pre>{@code
 * var timings = new PhaseTimings(Clock.systemUTC(), events::add);
 * Virtseed vs = Virtseed.builder(store, images).hypervisor(hv).drives(d).listener(timings).build();
 * vs.up(spec);
 * timings.made(spec.name());
 * timings.ready(vs.awaitReady(spec.name(), Duration.ofMinutes(5)));
 * }</pre>
 */
public final class PhaseTimings implements Provisioner.Listener {

    /** The phases, in the order an instance goes through them. */
    public enum Phase {
        IMAGE, NETWORK, DRIVE, DEFINE, BOOT, METADATA, READY;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The making phase a provisioner step belongs to; empty for bookkeeping and unknown steps. */
        static Optional<Phase> ofStep(String step) {
            if (step.equals("create instance folder") || step.equals("record instance")
                    || step.equals("copy boot files") || step.equals("create root disk")) {
                return Optional.of(IMAGE);
            }
            if (step.startsWith("ensure network ") || step.startsWith("reserve ")) {
                return Optional.of(NETWORK);
            }
            if (step.equals("save metadata") || step.equals("write config drive")) {
                return Optional.of(DRIVE);
            }
            if (step.equals("define domain") || step.equals("ensure metadata service")) {
                return Optional.of(DEFINE);
            }
            return step.equals("start domain") ? Optional.of(BOOT) : Optional.empty();
        }
    }

    /**
     * One phase of one instance done.
     *
     * @param at      when it ended (for metadata, the first fetch; for ready, the sign seen)
     * @param elapsed from the start to {@code at}
     * @param took    how long a making phase's steps took; empty for metadata and ready
     */
    public record Event(InstanceName instance, Phase phase, Instant at, Duration elapsed, Optional<Duration> took) {
    }

    private static final List<Phase> MAKING = List.of(Phase.IMAGE, Phase.NETWORK, Phase.DRIVE, Phase.DEFINE,
            Phase.BOOT);

    private final Clock clock;
    private final Instant start;
    private final Consumer<Event> sink;
    private final Map<InstanceName, Steps> making = new ConcurrentHashMap<>();
    private final Map<InstanceName, List<Event>> done = new ConcurrentHashMap<>();

    /** Timings from now. */
    public PhaseTimings(Clock clock, Consumer<Event> sink) {
        this(clock, clock.instant(), sink);
    }

    /** Timings from {@code start} (for a {@code wait} after another process's {@code up}: the instance's creation). */
    public PhaseTimings(Clock clock, Instant start, Consumer<Event> sink) {
        this.clock = clock;
        this.start = start;
        this.sink = sink;
    }

    public Instant start() {
        return start;
    }

    @Override
    public void stepStarted(String name) {
        // steps told without an instance (a plan's networks) belong to no instance's phases
    }

    @Override
    public Provisioner.Listener forInstance(InstanceName instance) {
        return making.computeIfAbsent(instance, n -> new Steps());
    }

    /**
     * The instance's {@code up} returned (or failed): hands out its making phases. A phase with no
     * step (the network of a guest without a NIC) counts as taking nothing, once a later one ran.
     */
    public void made(InstanceName instance) {
        Steps steps = making.remove(instance);
        if (steps == null) {
            return; // nothing was made: the instance existed already
        }
        int last = -1;
        for (int i = 0; i < MAKING.size(); i++) {
            if (steps.ended.containsKey(MAKING.get(i))) {
                last = i;
            }
        }
        Instant previous = start;
        for (int i = 0; i <= last; i++) {
            Phase p = MAKING.get(i);
            Instant at = steps.ended.getOrDefault(p, previous);
            emit(new Event(instance, p, at, Duration.between(start, at),
                    Optional.of(steps.took.getOrDefault(p, Duration.ZERO))));
            previous = at;
        }
    }

    /** The wait ended: hands out the first metadata fetch, when there was one, and ready, when it was. */
    public void ready(ReadyOutcome outcome) {
        outcome.metadata().firstFetch().ifPresent(t -> emit(new Event(outcome.name(), Phase.METADATA, t,
                Duration.between(start, t), Optional.empty())));
        if (outcome instanceof ReadyOutcome.Ready r) {
            emit(new Event(r.name(), Phase.READY, r.at(), Duration.between(start, r.at()), Optional.empty()));
        }
    }

    /** The instance's phases so far, in the order they were handed out. */
    public List<Event> events(InstanceName instance) {
        return List.copyOf(done.getOrDefault(instance, List.of()));
    }

    /**
     * {@code image 0.12s network 0.80s drive 0.03s define 0.05s boot 0.40s metadata 38.2s ready 52.0s}:
     * how long each making phase took, and how long after the start the guest fetched its metadata
     * and was ready.
     */
    public String summary(InstanceName instance) {
        List<String> parts = new ArrayList<>();
        for (Event e : events(instance)) {
            Duration d = e.took().orElse(e.elapsed());
            parts.add(e.phase().text() + " " + (e.took().isPresent() ? String.format(Locale.ROOT, "%.2fs",
                    d.toMillis() / 1000.0) : String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0)));
        }
        return String.join(" ", parts);
    }

    private void emit(Event e) {
        done.computeIfAbsent(e.instance(), n -> java.util.Collections.synchronizedList(new ArrayList<>())).add(e);
        sink.accept(e);
    }

    /** One instance's steps: the time each phase's steps took, and when its last step ended. */
    private final class Steps implements Provisioner.Listener {
        private final Map<Phase, Duration> took = new EnumMap<>(Phase.class);
        private final Map<Phase, Instant> ended = new EnumMap<>(Phase.class);
        private Instant stepStart;

        @Override
        public synchronized void stepStarted(String name) {
            stepStart = clock.instant();
        }

        @Override
        public synchronized void stepFinished(String name) {
            Optional<Phase> phase = Phase.ofStep(name);
            if (phase.isEmpty() || stepStart == null) {
                return;
            }
            Instant now = clock.instant();
            took.merge(phase.get(), Duration.between(stepStart, now), Duration::plus);
            ended.put(phase.get(), now);
        }
    }
}
