package io.virtseed.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.spec.NetworkMode;
import io.virtseed.core.spec.NetworkSpec;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.Ipv4Cidr;
import io.virtseed.core.value.Ipv6Prefix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkStoreTest {

    @TempDir
    Path state;

    static NetworkRecord lab() {
        var spec = new NetworkSpec("lab", Ipv4Cidr.parse("10.88.0.0/24"), Optional.of(Ipv6Prefix.parse("fd00:88::/64")),
                NetworkMode.NAT, Optional.empty(), List.of(IpAddress.parse("10.88.0.1")), Optional.of("lab.example"),
                OptionalInt.of(1400), List.of(IpAddress.parse("10.88.0.1")), true);
        return new NetworkRecord(1, "0a1b2c", spec, Optional.of("/plans/lab.yaml"), Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void recordRoundTripsWithEveryField() throws Exception {
        var store = new NetworkStore(state);
        store.save(lab());
        assertThat(store.find("lab")).contains(lab());
        assertThat(store.list()).containsExactly(lab());
        assertThat(Files.getPosixFilePermissions(store.dir("lab"))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        String json = Files.readString(store.dir("lab").resolve("network.json"));
        assertThat(json).contains("\"cidr\" : \"10.88.0.0/24\"", "\"cidr6\" : \"fd00:88::/64\"", "\"mode\" : \"NAT\"");
    }

    @Test
    void networkFoldersAndRecordsAreTheOwnersAlone() throws Exception {
        new NetworkStore(state).save(lab());
        Path networks = state.resolve("networks");
        assertThat(Files.getPosixFilePermissions(networks)).isEqualTo(FileModes.PRIVATE_DIR);
        try (var dirs = Files.walk(networks)) {
            for (Path p : dirs.toList()) {
                assertThat(Files.getPosixFilePermissions(p)).as(p.toString())
                        .isEqualTo(Files.isDirectory(p) ? FileModes.PRIVATE_DIR : AtomicFiles.PRIVATE);
            }
        }
    }

    @Test
    void deleteRemovesTheWholeFolderAndAFolderWithoutRecordIsStillListedAsAFolder() throws Exception {
        var store = new NetworkStore(state);
        store.save(lab());
        Path dir = store.dir("lab");
        Files.writeString(dir.resolve("dnsmasq.log"), "x");
        Files.createDirectories(dir.resolve("sub"));
        store.delete("lab");
        assertThat(dir).doesNotExist();
        assertThat(store.folderNames()).isEmpty();
        Files.createDirectories(store.dir("half")); // what a delete killed between record and folder leaves
        assertThat(store.folderNames()).containsExactly("half");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void derivedNamesFitTheKernelsLimit() {
        NetworkRecord r = lab();
        assertThat(List.of(r.bridge(), r.namespace(), r.vethHost(), r.vethNamespace()))
                .containsExactly("vs-0a1b2c", "vs-0a1b2c", "vs-0a1b2c-h", "vs-0a1b2c-n")
                .allSatisfy(n -> assertThat(n.length()).isLessThanOrEqualTo(15));
        assertThat(r.serviceAddress()).isEqualTo(IpAddress.parse("10.88.0.2"));
        assertThat(r.router()).contains(IpAddress.parse("10.88.0.1"));
        assertThat(r.serviceAddress6()).contains(IpAddress.parse("fd00:88::2"));
    }

    @Test
    void deleteRemovesTheFolderAndIsIdempotent() {
        var store = new NetworkStore(state);
        store.save(lab());
        store.delete("lab");
        store.delete("lab");
        assertThat(store.list()).isEmpty();
    }
}
