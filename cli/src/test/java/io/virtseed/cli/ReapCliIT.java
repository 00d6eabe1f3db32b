package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtseed.core.exec.ProcessCommandRunner;
import io.virtseed.core.ports.NetworkContext;
import io.virtseed.core.state.NetworkRecord;
import io.virtseed.core.state.NetworkStore;
import io.virtseed.network.linux.HostPaths;
import io.virtseed.network.linux.HostScan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code virtseed reap} over real networks of two state folders on one host: a network whose
 * record this folder lost is reaped (links, namespace, iptables chains, dnsmasq); the other folder's
 * network, with the same kind of names, is listed as not ours and survives. Needs root.
 */
class ReapCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private CapturedCli a;
    private CapturedCli b;
    private Path stateA;
    private Path stateB;
    private final List<NetworkContext> made = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        stateA = tmp.resolve("a");
        stateB = tmp.resolve("b");
        a = new CapturedCli(stateA, "--connect", "test:///default", "-q");
        b = new CapturedCli(stateB, "--connect", "test:///default", "-q");
    }

    @AfterEach
    void tearDown() {
        b.run("net", "rm", "vsreapb");
        a.run("net", "rm", "vsreapk");
        a.run("reap");
        var runner = new ProcessCommandRunner();
        made.forEach(n -> new io.virtseed.network.linux.LinuxNetworkProvisioner(runner).remove(n));
    }

    private NetworkContext create(CapturedCli cli, Path state, String name, String cidr) {
        var r = cli.run("net", "create", name, "--cidr", cidr);
        assertThat(r.exitCode()).as(r.all()).isZero();
        NetworkRecord rec = new NetworkStore(state).find(name).orElseThrow();
        NetworkContext ctx = new NetworkContext(rec, new NetworkStore(state).dir(name));
        made.add(ctx);
        return ctx;
    }

    private static List<String> scan(NetworkContext n) {
        return new HostScan(new ProcessCommandRunner(), HostPaths.SYSTEM).find(n).stream()
                .filter(l -> !l.startsWith("file ")).toList();
    }

    @Test
    void reapRemovesOnlyWhatCarriesThisFoldersMarkAndHasNoRecord() throws Exception {
        NetworkContext lost = create(a, stateA, "vsreapa", "10.253.41.0/24");
        NetworkContext kept = create(a, stateA, "vsreapk", "10.253.42.0/24");
        NetworkContext theirs = create(b, stateB, "vsreapb", "10.253.43.0/24");
        Files.delete(lost.dir().resolve("network.json")); // its record lost: what is left of it is a leftover

        var dry = a.run("reap", "--dry-run", "-o", "json");
        assertThat(dry.exitCode()).as(dry.all()).isZero();
        List<String> ours = new ArrayList<>();
        List<String> notOurs = new ArrayList<>();
        for (JsonNode l : JSON.readTree(dry.out())) {
            assertThat(l.path("removed").asBoolean()).as("a dry run removes nothing").isFalse();
            (l.path("ours").asBoolean() ? ours : notOurs).add(l.path("kind").asText() + " " + l.path("name").asText());
        }
        String id = lost.record().id();
        assertThat(ours).contains("link vs-" + id, "link vs-" + id + "-h", "namespace vs-" + id,
                "iptables filter VS-" + id.toUpperCase() + "-FWD", "network folder " + lost.dir());
        assertThat(ours).anyMatch(o -> o.startsWith("process dnsmasq "));
        assertThat(ours).noneMatch(o -> o.contains(kept.record().id()) || o.contains(theirs.record().id()));
        assertThat(notOurs).contains("link vs-" + theirs.record().id(), "namespace vs-" + theirs.record().id());
        assertThat(scan(lost)).as("the dry run left it").isNotEmpty();

        var reap = a.run("reap");
        assertThat(reap.exitCode()).as(reap.all()).isZero();
        assertThat(reap.out()).contains("removed namespace vs-" + id, "left alone namespace vs-" + theirs.record().id());
        assertThat(scan(lost)).as("left of the reaped network").isEmpty();
        assertThat(lost.dir()).doesNotExist();
        assertThat(scan(kept)).as("the recorded network of the same folder").contains("link vs-" + kept.record().id(),
                "namespace vs-" + kept.record().id());
        assertThat(scan(theirs)).as("the other folder's network").contains("link vs-" + theirs.record().id(),
                "namespace vs-" + theirs.record().id());
        assertThat(a.run("net", "rm", "vsreapk").exitCode()).isZero();
    }
}
