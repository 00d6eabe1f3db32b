package io.virtseed.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.image.ImageStore;
import io.virtseed.core.lifecycle.ReadyOutcome.Criterion;
import io.virtseed.core.metadata.MetadataEvents;
import io.virtseed.core.provision.Provisioner;
import io.virtseed.core.spec.InstanceSpec;
import io.virtseed.core.spec.NicSpec;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.state.Ipam;
import io.virtseed.core.state.NetworkStore;
import io.virtseed.core.testing.FakeHypervisor;
import io.virtseed.core.testing.FakeImageTool;
import io.virtseed.core.testing.FakeNetworks;
import io.virtseed.core.value.InstanceName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which sign ends a wait, when, and what a wait that ends without one says. The guest is played
 * by the test on a clock that moves only when the wait sleeps, so no test waits for real.
 */
class ReadyWaitTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final String FINAL = "Cloud-init v. 22.4.2 finished at Thu, 03 Dec 2026 10:00:50 +0000."
            + " Datasource DataSourceConfigDrive.  Up 50.00 seconds";

    @TempDir
    Path state;

    private FakeHypervisor hv = new FakeHypervisor();
    private final FakeNetworks net = new FakeNetworks().withRoute("10.231.77.0/24");
    private final ManualClock clock = new ManualClock(T0);
    /** What the guest does, by how long after T0. */
    private final TreeMap<Duration, Runnable> guest = new TreeMap<>();
    private InstanceStore store;

    /** A clock that stands still until the wait sleeps. */
    static class ManualClock extends Clock {
        Instant now;

        ManualClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        store = new InstanceStore(state);
        FakeImageTool.storeImage(state, false);
    }

    private Lifecycle lifecycle(Provisioner.Listener listener) {
        var networks = new Networks(store, new NetworkStore(state), net, new Ipam(new Random(3)), Clock.systemUTC(),
                listener);
        return new Lifecycle(store, new ImageStore(state, FakeImageTool.runner()), hv, (tree, label, fmt, out) ->
                Files.writeString(out, "drive"), networks, root -> { }, listener);
    }

    private InstanceRecord up(String name, boolean withNic) {
        var spec = InstanceSpec.defaults(name, "img");
        if (withNic) {
            spec = spec.withNetworks(List.of(NicSpec.dhcpOn("default")));
        }
        lifecycle(Provisioner.Listener.NONE).up(spec);
        return store.find(InstanceName.of(name)).orElseThrow();
    }

    private ReadyOutcome await(InstanceRecord record, Duration timeout) {
        var wait = new ReadyWait(hv, clock, d -> {
            clock.now = clock.now.plus(d);
            // the guest's doings up to now, in order
            while (!guest.isEmpty() && !T0.plus(guest.firstKey()).isAfter(clock.now)) {
                guest.pollFirstEntry().getValue().run();
            }
        });
        return wait.await(record, layout(record), timeout, ConsoleWatcher.CLOUD_INIT_FINISHED);
    }

    private InstanceLayout layout(InstanceRecord r) {
        return new InstanceLayout(store.dir(InstanceName.of(r.name())));
    }

    private void at(int seconds, Runnable doing) {
        guest.put(Duration.ofSeconds(seconds), doing);
    }

    private void console(InstanceRecord r, String... lines) {
        try {
            Files.writeString(layout(r).consoleLog(), String.join("\n", lines) + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void fetched(InstanceRecord r, int seconds) {
        Path dir = layout(r).dir();
        MetadataEvents.read(dir).fetched(T0.plusSeconds(seconds)).write(dir);
    }

    private void phonedHome(InstanceRecord r, int seconds) {
        Path dir = layout(r).dir();
        MetadataEvents.read(dir).readyAt(T0.plusSeconds(seconds)).write(dir);
    }

    @Test
    void aGuestWithANicIsReadyWhenItPhonesHomeAndTheTimingsSaySoFromTheStart() {
        InstanceRecord r = up("vs-ph", true);
        at(30, () -> fetched(r, 30));
        at(50, () -> phonedHome(r, 50));
        at(51, () -> console(r, "[   51.0] cloud-init[600]: " + FINAL));

        ReadyOutcome outcome = await(r, Duration.ofMinutes(5));

        assertThat(outcome).isInstanceOfSatisfying(ReadyOutcome.Ready.class, ready -> {
            assertThat(ready.criterion()).isEqualTo(Criterion.PHONE_HOME);
            assertThat(ready.at()).isEqualTo(T0.plusSeconds(50));
            assertThat(ready.text()).isEqualTo("phone-home at 2026-12-03T10:00:50Z; " + FINAL);
        });
        var events = new ArrayList<PhaseTimings.Event>();
        var timings = new PhaseTimings(clock, T0, events::add);
        timings.ready(outcome);
        assertThat(events).extracting(e -> e.phase().text() + "@" + e.elapsed().toSeconds())
                .containsExactly("metadata@30", "ready@50");
        assertThat(timings.summary(InstanceName.of("vs-ph"))).isEqualTo("metadata 30.0s ready 50.0s");
    }

    @Test
    void aGuestWithoutANicIsReadyOnTheConsoleMarker() {
        InstanceRecord r = up("vs-co", false);
        at(20, () -> console(r, "booting", FINAL));

        ReadyOutcome outcome = await(r, Duration.ofMinutes(5));

        assertThat(outcome).isInstanceOfSatisfying(ReadyOutcome.Ready.class, ready -> {
            assertThat(ready.criterion()).isEqualTo(Criterion.CONSOLE);
            assertThat(ready.text()).isEqualTo("console marker at 2026-12-03T10:00:20Z: " + FINAL);
        });
    }

    @Test
    void aGuestWithANicThatNeverPhonesHomeEndsOnTheConsoleAfterAGraceAndSaysWhy() {
        InstanceRecord r = up("vs-fb", true);
        at(10, () -> fetched(r, 10));
        at(40, () -> console(r, FINAL));

        ReadyOutcome outcome = await(r, Duration.ofMinutes(5));

        assertThat(outcome).isInstanceOfSatisfying(ReadyOutcome.Ready.class, ready -> {
            assertThat(ready.criterion()).isEqualTo(Criterion.CONSOLE);
            assertThat(clock.now).isAfterOrEqualTo(T0.plusSeconds(40).plus(ReadyWait.REPORT_GRACE));
            assertThat(ready.text()).endsWith(FINAL + " (no phone-home: metadata first fetched at 2026-12-03T10:00:10Z)");
        });
    }

    @Test
    void aGuestWithNeitherANicNorALoggedConsoleIsReadyOnceItsDomainRuns() {
        hv = new FakeHypervisor().withoutConsoleLog();
        InstanceRecord r = up("vs-ru", false);

        ReadyOutcome outcome = await(r, Duration.ofMinutes(5));

        assertThat(outcome).isInstanceOfSatisfying(ReadyOutcome.Ready.class, ready -> {
            assertThat(ready.criterion()).isEqualTo(Criterion.RUNNING);
            assertThat(ready.text()).startsWith("domain running at 2026-12-03T10:00:00Z");
        });
    }

    @Test
    void aTimeoutNamesTheStateTheMetadataAndTheLastTwentyConsoleLines() {
        InstanceRecord r = up("vs-to", true);
        console(r, IntStream.rangeClosed(1, 30).mapToObj(i -> "line " + i).toArray(String[]::new));

        ReadyOutcome outcome = await(r, Duration.ofSeconds(90));

        assertThat(outcome).isInstanceOfSatisfying(ReadyOutcome.NotReady.class, n -> {
            assertThat(n.state()).isEqualTo("running (booted)");
            assertThat(n.tail()).hasSize(20).startsWith("line 11").endsWith("line 30");
            assertThat(n.message())
                    .startsWith("cloud-init did not finish within 90 s (waiting for phone-home); the guest is"
                            + " running (booted); it never fetched its metadata: check its network/DHCP; console tail ("
                            + layout(r).consoleLog() + "):\n  line 11\n")
                    .endsWith("line 30").doesNotContain("line 10\n");
            assertThat(n.toException()).hasMessageStartingWith("step 'wait for vs-to' failed: cloud-init did not finish");
        });
        assertThat(clock.now).isAfter(T0.plusSeconds(90)).isBefore(T0.plusSeconds(92));
    }

    @Test
    void aTimeoutAfterTheGuestFetchedItsMetadataSaysWhen() {
        InstanceRecord r = up("vs-fe", true);
        at(5, () -> fetched(r, 5));

        ReadyOutcome outcome = await(r, Duration.ofSeconds(60));

        assertThat(outcome).isInstanceOfSatisfying(ReadyOutcome.NotReady.class, n -> assertThat(n.message())
                .contains("it first fetched its metadata at 2026-12-03T10:00:05Z but never phoned home",
                        "(the console log is empty)"));
    }

    @Test
    void aGuestThatStopsEndsTheWaitAtOnceWithItsStateAndReason() {
        InstanceRecord r = up("vs-st", false);
        at(3, () -> {
            console(r, "Kernel panic - not syncing");
            hv.powerOff(InstanceName.of("vs-st"));
        });

        ReadyOutcome outcome = await(r, Duration.ofMinutes(5));

        assertThat(outcome).isInstanceOfSatisfying(ReadyOutcome.NotReady.class, n -> {
            assertThat(n.message()).startsWith("the guest stopped before cloud-init finished (waiting for console"
                    + " marker); the guest is shutoff (shutdown); it never fetched its metadata (it has no NIC")
                    .contains("Kernel panic");
        });
        assertThat(clock.now).isBefore(T0.plusSeconds(5));
    }

    @Test
    void theMakingPhasesComeFromTheProvisionersStepsPerInstance() {
        // every reading of this clock moves it a second on: each step takes exactly one second
        var ticking = new ManualClock(T0) {
            @Override
            public Instant instant() {
                Instant t = now;
                now = now.plusSeconds(1);
                return t;
            }
        };
        var events = new ArrayList<PhaseTimings.Event>();
        var timings = new PhaseTimings(ticking, events::add);
        var lc = lifecycle(timings);
        lc.up(InstanceSpec.defaults("vs-t1", "img").withNetworks(List.of(NicSpec.dhcpOn("default"))));
        lc.up(InstanceSpec.defaults("vs-t2", "img"));
        timings.made(InstanceName.of("vs-t1"));
        timings.made(InstanceName.of("vs-t2"));

        // image: folder, record, boot files, root disk; network: ensure, reserve; drive: metadata, drive;
        // define: define, metadata service (a NIC's guest only); boot: start
        assertThat(timings.summary(InstanceName.of("vs-t1")))
                .isEqualTo("image 4.00s network 2.00s drive 2.00s define 2.00s boot 1.00s");
        assertThat(timings.summary(InstanceName.of("vs-t2")))
                .isEqualTo("image 4.00s network 0.00s drive 2.00s define 1.00s boot 1.00s");
        assertThat(events).extracting(e -> e.instance() + " " + e.phase().text()).containsExactly(
                "vs-t1 image", "vs-t1 network", "vs-t1 drive", "vs-t1 define", "vs-t1 boot",
                "vs-t2 image", "vs-t2 network", "vs-t2 drive", "vs-t2 define", "vs-t2 boot");
        PhaseTimings.Event boot = events.get(4);
        assertThat(boot.elapsed()).isEqualTo(Duration.between(T0, boot.at()));
        assertThat(events.get(6).at()).as("a phase with no step ends where the one before it did")
                .isEqualTo(events.get(5).at());
        // an instance that already existed makes nothing, and has no making phases
        lc.up(InstanceSpec.defaults("vs-t2", "img"));
        timings.made(InstanceName.of("vs-t2"));
        assertThat(events).hasSize(10);
        assertThat(Optional.of(timings.start())).contains(T0);
    }
}
