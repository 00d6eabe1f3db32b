package io.virtseed.libvirt.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.ports.MachineState;
import io.virtseed.core.ports.MachineStatus;
import io.virtseed.core.value.InstanceName;
import io.virtseed.libvirt.domain.Ownership;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The protocol listing against a fake daemon that answers as libvirtd does, then as it never
 * should: every answer of another shape, every error but a missing tag or a vanished guest, and
 * silence, must leave the listing unsure (empty). {@code RpcListingSystemIT} holds it to the
 * real daemon.
 */
class RpcListingTest {

    private static final Path ROOT = Path.of("/var/lib/vs-rpc-listing/state");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int INTERNAL_ERROR = 1;

    @TempDir
    Path dir;

    /** A guest of the fake daemon: its tag's XML or the error asking for it, its state or the error. */
    record Guest(String name, Optional<String> tag, int tagError, int state, int reason, int stateError) {
        static Guest ours(String name, Path root, int state, int reason) {
            return new Guest(name, Optional.of(tagXml(name, root)), 0, state, reason, 0);
        }

        static Guest untagged(String name) {
            return new Guest(name, Optional.empty(), RpcListing.NO_DOMAIN_METADATA, 1, 1, 0);
        }

        Guest tagError(int code) {
            return new Guest(name, Optional.empty(), code, state, reason, stateError);
        }

        Guest stateError(int code) {
            return new Guest(name, tag, tagError, state, reason, code);
        }
    }

    static String tagXml(String name, Path root) {
        return "<instance>\n  <name>" + name + "</name>\n  <state-dir>" + root + "</state-dir>\n</instance>";
    }

    /** Answers as libvirtd, for {@code guests}; {@code overrides} answer their procedures instead. */
    static final class Libvirtd implements FakeDaemon.Script {
        private final Map<String, Guest> guests = new LinkedHashMap<>();
        private final Map<Integer, FakeDaemon.Script> overrides = new HashMap<>();

        Libvirtd(List<Guest> guests) {
            guests.forEach(g -> this.guests.put(g.name(), g));
        }

        Libvirtd with(int procedure, FakeDaemon.Script answer) {
            overrides.put(procedure, answer);
            return this;
        }

        @Override
        public List<byte[]> answer(FakeDaemon.Call c) throws IOException {
            if (overrides.containsKey(c.procedure())) {
                return overrides.get(c.procedure()).answer(c);
            }
            return List.of(switch (c.procedure()) {
                case RpcListing.AUTH_LIST -> FakeDaemon.ok(c, new Xdr.Writer().integer(1).integer(0).toBytes());
                case RpcListing.CONNECT_OPEN, RpcListing.CONNECT_CLOSE -> FakeDaemon.ok(c, new byte[0]);
                case RpcListing.CONNECT_LIST_ALL_DOMAINS -> FakeDaemon.ok(c, listing(guests.values()));
                case RpcListing.DOMAIN_GET_METADATA -> {
                    Guest g = guests.get(new Xdr.Reader(c.args()).string());
                    yield g.tag().isPresent() ? FakeDaemon.ok(c, new Xdr.Writer().string(g.tag().get()).toBytes())
                            : FakeDaemon.error(c, g.tagError());
                }
                case RpcListing.DOMAIN_GET_STATE -> {
                    Guest g = guests.get(new Xdr.Reader(c.args()).string());
                    yield g.stateError() == 0
                            ? FakeDaemon.ok(c, new Xdr.Writer().integer(g.state()).integer(g.reason()).toBytes())
                            : FakeDaemon.error(c, g.stateError());
                }
                default -> FakeDaemon.error(c, INTERNAL_ERROR);
            });
        }

        static byte[] listing(Iterable<Guest> guests) {
            Xdr.Writer w = new Xdr.Writer();
            List<Guest> all = new ArrayList<>();
            guests.forEach(all::add);
            w.integer(all.size());
            for (Guest g : all) {
                w.string(g.name()).opaque(new byte[16]).integer(-1);
            }
            return w.integer(all.size()).toBytes();
        }
    }

    private Optional<Map<InstanceName, MachineStatus>> listAgainst(FakeDaemon.Script script, Set<InstanceName> names,
            Duration timeout) throws IOException {
        Path socket = dir.resolve("libvirt-sock");
        try (FakeDaemon daemon = new FakeDaemon(socket, script)) {
            return RpcListing.states(socket, timeout, ROOT, names);
        }
    }

    private static Set<InstanceName> names(String... names) {
        return Arrays.stream(names).map(InstanceName::of).collect(Collectors.toSet());
    }

    private static final List<Guest> GUESTS = List.of(
            Guest.ours("vs-running", ROOT, 1, 1),
            Guest.ours("vs-stopped", ROOT, 5, 2),
            Guest.ours("vs-elsewhere", ROOT.resolveSibling("other-state"), 1, 1),
            Guest.untagged("vs-untagged"),
            Guest.untagged("vs-gone-before-its-tag").tagError(RpcListing.NO_DOMAIN),
            Guest.ours("vs-gone-before-its-state", ROOT, 1, 1).stateError(RpcListing.NO_DOMAIN),
            Guest.ours("vs-not-asked", ROOT, 1, 1));
    private static final Set<InstanceName> ASKED = names("vs-running", "vs-stopped", "vs-elsewhere", "vs-untagged",
            "vs-gone-before-its-tag", "vs-gone-before-its-state", "vs-absent");

    @Test
    void givesTheStatesOfTheGuestsOfItsFolder() throws Exception {
        Path socket = dir.resolve("libvirt-sock");
        try (FakeDaemon daemon = new FakeDaemon(socket, new Libvirtd(GUESTS))) {
            Optional<Map<InstanceName, MachineStatus>> states = RpcListing.states(socket, TIMEOUT, ROOT, ASKED);
            assertThat(states).contains(Map.of(
                    InstanceName.of("vs-running"), new MachineStatus(MachineState.RUNNING, "booted"),
                    InstanceName.of("vs-stopped"), new MachineStatus(MachineState.SHUTOFF, "destroyed")));
            assertThat(daemon.clientHungUp(TIMEOUT)).isTrue();
            List<FakeDaemon.Call> calls = daemon.calls();
            assertThat(calls).extracting(FakeDaemon.Call::procedure).startsWith(RpcListing.AUTH_LIST,
                    RpcListing.CONNECT_OPEN, RpcListing.CONNECT_LIST_ALL_DOMAINS).endsWith(RpcListing.CONNECT_CLOSE);
            assertThat(calls).extracting(FakeDaemon.Call::serial).doesNotHaveDuplicates();
            // only the listed guests asked for get a tag's call, each with the namespace and ELEMENT
            List<String> tagged = new ArrayList<>();
            for (FakeDaemon.Call c : calls) {
                if (c.procedure() == RpcListing.DOMAIN_GET_METADATA) {
                    Xdr.Reader r = new Xdr.Reader(c.args());
                    tagged.add(r.string());
                    r.opaque(16);
                    r.integer();
                    assertThat(r.integer()).isEqualTo(RpcListing.METADATA_ELEMENT);
                    assertThat(r.optionalString()).contains(Ownership.NAMESPACE);
                    assertThat(r.integer()).isZero();
                    r.end();
                }
            }
            assertThat(tagged).containsExactlyInAnyOrder("vs-running", "vs-stopped", "vs-elsewhere", "vs-untagged",
                    "vs-gone-before-its-tag", "vs-gone-before-its-state");
        }
    }

    @Test
    void repliesInAnotherOrderAreMatchedByTheirSerials() throws IOException {
        // as libvirtd's workers may answer: the per-guest calls held back, then answered last first
        Libvirtd plain = new Libvirtd(GUESTS);
        List<byte[]> held = new ArrayList<>();
        int perGuestCalls = 2 * 6; // a tag and a state for each listed guest asked for
        FakeDaemon.Script reversed = c -> {
            held.add(0, plain.answer(c).get(0));
            return held.size() < perGuestCalls ? List.of() : List.copyOf(held);
        };
        Libvirtd shuffled = new Libvirtd(GUESTS).with(RpcListing.DOMAIN_GET_METADATA, reversed)
                .with(RpcListing.DOMAIN_GET_STATE, reversed);
        assertThat(listAgainst(shuffled, ASKED, TIMEOUT)).contains(Map.of(
                InstanceName.of("vs-running"), new MachineStatus(MachineState.RUNNING, "booted"),
                InstanceName.of("vs-stopped"), new MachineStatus(MachineState.SHUTOFF, "destroyed")));
    }

    @Test
    void manyGuestsAreAskedInSeveralBatches() throws IOException {
        List<Guest> many = IntStream.range(0, 300)
                .mapToObj(i -> i % 3 == 0 ? Guest.untagged("vs-many-" + i) : Guest.ours("vs-many-" + i, ROOT, 5, i % 9))
                .toList();
        Set<InstanceName> all = many.stream().map(g -> InstanceName.of(g.name())).collect(Collectors.toSet());
        Optional<Map<InstanceName, MachineStatus>> states = listAgainst(new Libvirtd(many), all, TIMEOUT);
        assertThat(states).hasValueSatisfying(m -> {
            assertThat(m).hasSize(200);
            assertThat(m.get(InstanceName.of("vs-many-1"))).isEqualTo(new MachineStatus(MachineState.SHUTOFF, "shutdown"));
            assertThat(m.get(InstanceName.of("vs-many-8"))).isEqualTo(new MachineStatus(MachineState.SHUTOFF, "daemon"));
            assertThat(m).doesNotContainKey(InstanceName.of("vs-many-3"));
        });
    }

    @Test
    void aBegunListingConnectsAheadAndAnswersOnceTheNamesAreKnown() throws Exception {
        Path socket = dir.resolve("libvirt-sock");
        try (FakeDaemon daemon = new FakeDaemon(socket, new Libvirtd(GUESTS));
                LeanListing.Pending begun = LeanListing.begin(RpcListing.URI, socket)) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (daemon.calls().size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(daemon.calls()).as("the listing, asked before any name is known")
                    .extracting(FakeDaemon.Call::procedure)
                    .containsExactly(RpcListing.AUTH_LIST, RpcListing.CONNECT_OPEN, RpcListing.CONNECT_LIST_ALL_DOMAINS);
            assertThat(begun.states(ROOT, ASKED)).hasValueSatisfying(m -> assertThat(m)
                    .containsOnlyKeys(InstanceName.of("vs-running"), InstanceName.of("vs-stopped")));
            assertThat(daemon.clientHungUp(TIMEOUT)).isTrue();
            assertThat(daemon.calls()).extracting(FakeDaemon.Call::procedure).endsWith(RpcListing.CONNECT_CLOSE);
        }
    }

    @Test
    void aBegunListingClosedUnusedHangsUp() throws Exception {
        Path socket = dir.resolve("libvirt-sock");
        try (FakeDaemon daemon = new FakeDaemon(socket, new Libvirtd(GUESTS))) {
            LeanListing.Pending begun = LeanListing.begin(RpcListing.URI, socket);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (daemon.calls().size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(50); // the listing's reply read
            begun.close();
            assertThat(daemon.clientHungUp(Duration.ofSeconds(2))).isTrue();
        }
    }

    @Test
    void aBegunListingClosedWhileItWaitsHangsUp() throws Exception {
        Path socket = dir.resolve("libvirt-sock");
        try (FakeDaemon daemon = new FakeDaemon(socket, c -> List.of())) { // never answers
            LeanListing.Pending begun = LeanListing.begin(RpcListing.URI, socket);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (daemon.calls().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            long start = System.nanoTime();
            begun.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(daemon.clientHungUp(Duration.ofSeconds(2))).as("well before the timeout").isTrue();
        }
    }

    @Test
    void noGuestOfTheDaemonIsAnEmptyAnswer() throws IOException {
        assertThat(listAgainst(new Libvirtd(List.of()), ASKED, TIMEOUT)).contains(Map.of());
    }

    /** Scripts of a daemon the listing must not trust, each by what it does wrong. */
    static List<Object[]> unsure() {
        byte[] none = new byte[0];
        Map<String, Function<Libvirtd, Libvirtd>> cases = new LinkedHashMap<>();
        cases.put("authentication by SASL", l -> l.with(RpcListing.AUTH_LIST,
                c -> List.of(FakeDaemon.ok(c, new Xdr.Writer().integer(1).integer(1).toBytes()))));
        cases.put("none or polkit", l -> l.with(RpcListing.AUTH_LIST,
                c -> List.of(FakeDaemon.ok(c, new Xdr.Writer().integer(2).integer(0).integer(2).toBytes()))));
        cases.put("no authentication type", l -> l.with(RpcListing.AUTH_LIST,
                c -> List.of(FakeDaemon.ok(c, new Xdr.Writer().integer(0).toBytes()))));
        cases.put("an error listing the authentication", l -> l.with(RpcListing.AUTH_LIST,
                c -> List.of(FakeDaemon.error(c, INTERNAL_ERROR))));
        cases.put("an error opening", l -> l.with(RpcListing.CONNECT_OPEN,
                c -> List.of(FakeDaemon.error(c, 38)))); // VIR_ERR_SYSTEM_ERROR
        cases.put("an error listing", l -> l.with(RpcListing.CONNECT_LIST_ALL_DOMAINS,
                c -> List.of(FakeDaemon.error(c, INTERNAL_ERROR))));
        cases.put("another error asking a tag", l -> new Libvirtd(List.of(GUESTS.get(0).tagError(INTERNAL_ERROR))));
        cases.put("another error asking a state", l -> new Libvirtd(List.of(GUESTS.get(0).stateError(INTERNAL_ERROR))));
        cases.put("a malformed tag", l -> new Libvirtd(List.of(new Guest("vs-running",
                Optional.of("<instance><name>vs-running"), 0, 1, 1, 0))));
        cases.put("bytes after a reply", l -> l.with(RpcListing.CONNECT_OPEN,
                c -> List.of(FakeDaemon.ok(c, new Xdr.Writer().integer(0).toBytes()))));
        cases.put("a listing that miscounts", l -> l.with(RpcListing.CONNECT_LIST_ALL_DOMAINS, c -> {
            byte[] b = Libvirtd.listing(GUESTS);
            b[b.length - 1]++;
            return List.of(FakeDaemon.ok(c, b));
        }));
        cases.put("a listing of more domains than it holds", l -> l.with(RpcListing.CONNECT_LIST_ALL_DOMAINS,
                c -> List.of(FakeDaemon.ok(c, new Xdr.Writer().integer(100_000).integer(0).toBytes()))));
        cases.put("an error whose body is cut short", l -> l.with(RpcListing.AUTH_LIST,
                c -> List.of(FakeDaemon.packet(RemoteClient.PROGRAM, c.procedure(), RemoteClient.REPLY, c.serial(),
                        RemoteClient.ERROR, new Xdr.Writer().integer(1).toBytes()))));
        cases.put("another program (keepalive)", l -> l.with(RpcListing.AUTH_LIST,
                c -> List.of(FakeDaemon.packet(0x6b656570, 1, RemoteClient.CALL, 0, RemoteClient.OK, none))));
        cases.put("an event message", l -> l.with(RpcListing.CONNECT_LIST_ALL_DOMAINS,
                c -> List.of(FakeDaemon.packet(RemoteClient.PROGRAM, c.procedure(), 2, c.serial(), RemoteClient.OK,
                        none))));
        cases.put("another serial", l -> l.with(RpcListing.CONNECT_OPEN,
                c -> List.of(FakeDaemon.packet(RemoteClient.PROGRAM, c.procedure(), RemoteClient.REPLY, c.serial() + 7,
                        RemoteClient.OK, none))));
        cases.put("another procedure", l -> l.with(RpcListing.CONNECT_OPEN,
                c -> List.of(FakeDaemon.packet(RemoteClient.PROGRAM, RpcListing.CONNECT_CLOSE, RemoteClient.REPLY,
                        c.serial(), RemoteClient.OK, none))));
        cases.put("a status other than ok or error", l -> l.with(RpcListing.CONNECT_OPEN,
                c -> List.of(FakeDaemon.packet(RemoteClient.PROGRAM, c.procedure(), RemoteClient.REPLY, c.serial(), 2,
                        none))));
        cases.put("a packet shorter than its header", l -> l.with(RpcListing.AUTH_LIST,
                c -> List.of(ByteBuffer.allocate(8).putInt(8).putInt(RemoteClient.PROGRAM).array())));
        cases.put("a packet larger than libvirt sends", l -> l.with(RpcListing.AUTH_LIST,
                c -> List.of(ByteBuffer.allocate(4).putInt(RemoteClient.MAX_PACKET_BYTES + 1).array())));
        cases.put("a negative length", l -> l.with(RpcListing.AUTH_LIST,
                c -> List.of(ByteBuffer.allocate(4).putInt(-4).array())));
        cases.put("not libvirt at all", l -> l.with(RpcListing.AUTH_LIST,
                c -> List.of("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII))));
        cases.put("a hang-up", l -> l.with(RpcListing.CONNECT_OPEN, c -> List.of(FakeDaemon.HANG_UP)));
        cases.put("a hang-up mid-reply", l -> l.with(RpcListing.CONNECT_LIST_ALL_DOMAINS, c -> {
            byte[] whole = FakeDaemon.ok(c, Libvirtd.listing(GUESTS));
            return List.of(Arrays.copyOf(whole, whole.length / 2), FakeDaemon.HANG_UP);
        }));
        return cases.entrySet().stream().map(e -> new Object[] {e.getKey(), e.getValue()}).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void unsure(String what, Function<Libvirtd, Libvirtd> daemon) throws IOException {
        assertThat(listAgainst(daemon.apply(new Libvirtd(GUESTS)), ASKED, TIMEOUT)).as(what).isEmpty();
    }

    @Test
    void aDaemonThatDoesNotAnswerIsLeftAfterTheTimeout() throws IOException {
        long start = System.nanoTime();
        assertThat(listAgainst(c -> List.of(), ASKED, Duration.ofMillis(300))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(4));
    }

    @Test
    void aDaemonThatAnswersTooSlowlyIsLeftAfterTheTimeout() throws IOException {
        Libvirtd slow = new Libvirtd(GUESTS).with(RpcListing.CONNECT_LIST_ALL_DOMAINS, c -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(FakeDaemon.ok(c, Libvirtd.listing(GUESTS)));
        });
        long start = System.nanoTime();
        assertThat(listAgainst(slow, ASKED, Duration.ofMillis(300))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_900));
    }

    @Test
    void noSocketIsUnsure() {
        Path socket = dir.resolve("vs-no-such-sock");
        assertThat(RpcListing.applies(RpcListing.URI, socket)).isFalse();
        assertThat(RpcListing.states(socket, TIMEOUT, ROOT, ASKED)).isEmpty();
    }

    @Test
    void aFileThatIsNoSocketIsUnsure() throws IOException {
        Path file = Files.writeString(dir.resolve("libvirt-sock"), "not a socket");
        assertThat(RpcListing.states(file, TIMEOUT, ROOT, ASKED)).isEmpty();
    }

    @Test
    void itAppliesToTheSystemDaemonsUriAloneAndWhereLibvirtWouldConnectToThatSocket() throws IOException {
        Path socket = dir.resolve("libvirt-sock");
        Path noConfig = dir.resolve("vs-no-libvirt.conf");
        try (FakeDaemon daemon = new FakeDaemon(socket, c -> List.of())) {
            assertThat(RpcListing.applies("qemu:///system", socket, noConfig)).isTrue();
            for (String uri : List.of("qemu:///session", "qemu:///system?socket=" + socket, "qemu+unix:///system",
                    "test:///default", "qemu:///system/", "QEMU:///system")) {
                assertThat(RpcListing.applies(uri, socket, noConfig)).as(uri).isFalse();
            }
            // a client configuration that names no mode changes nothing; one that does may send
            // libvirt's library to another daemon
            Path config = dir.resolve("libvirt.conf");
            Files.writeString(config, "#remote_mode = \"legacy\"\nuri_aliases = [ \"vs=qemu:///system\" ]\n");
            assertThat(RpcListing.applies("qemu:///system", socket, config)).isTrue();
            Files.writeString(config, "remote_mode = \"direct\"\n");
            assertThat(RpcListing.applies("qemu:///system", socket, config)).isFalse();
            // libvirt's library connects to the QEMU driver's own daemon where its socket is there
            Files.writeString(socket.resolveSibling("virtqemud-sock"), "");
            assertThat(RpcListing.applies("qemu:///system", socket, noConfig)).isFalse();
        }
    }

    @Test
    void theUuidAndIdOfEachDomainAreSentBackAsListed() throws IOException {
        UUID uuid = UUID.randomUUID();
        byte[] uuidBytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
        Libvirtd libvirtd = new Libvirtd(List.of(GUESTS.get(0))).with(RpcListing.CONNECT_LIST_ALL_DOMAINS,
                c -> List.of(FakeDaemon.ok(c, new Xdr.Writer().integer(1).string("vs-running").opaque(uuidBytes)
                        .integer(17).integer(1).toBytes())));
        Path socket = dir.resolve("libvirt-sock");
        try (FakeDaemon daemon = new FakeDaemon(socket, libvirtd)) {
            assertThat(RpcListing.states(socket, TIMEOUT, ROOT, ASKED)).hasValueSatisfying(m -> assertThat(m)
                    .containsOnlyKeys(InstanceName.of("vs-running")));
            for (FakeDaemon.Call c : daemon.calls()) {
                if (c.procedure() == RpcListing.DOMAIN_GET_STATE) {
                    Xdr.Reader r = new Xdr.Reader(c.args());
                    assertThat(r.string()).isEqualTo("vs-running");
                    assertThat(r.opaque(16)).isEqualTo(uuidBytes);
                    assertThat(r.integer()).isEqualTo(17);
                    assertThat(r.integer()).isZero(); // flags
                    r.end();
                }
            }
        }
    }
}
