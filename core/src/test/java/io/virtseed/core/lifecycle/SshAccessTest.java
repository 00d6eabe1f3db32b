package io.virtseed.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.HypervisorException;
import io.virtseed.core.error.NotFoundException;
import io.virtseed.core.error.StateException;
import io.virtseed.core.exec.RecordingCommandRunner;
import io.virtseed.core.image.ImageStore;
import io.virtseed.core.metadata.InstanceMetadata;
import io.virtseed.core.metadata.MetadataFile;
import io.virtseed.core.metadata.MetadataTree;
import io.virtseed.core.metadata.SshPublicKey;
import io.virtseed.core.ports.ConfigDriveWriter;
import io.virtseed.core.ports.DriveFormat;
import io.virtseed.core.provision.Provisioner;
import io.virtseed.core.spec.InstanceSpec;
import io.virtseed.core.spec.NicSpec;
import io.virtseed.core.ssh.SshFiles;
import io.virtseed.core.ssh.SshTarget;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** virtseed's own key at {@code up}, and where {@code ssh} goes, against the fake hypervisor and networks. */
class SshAccessTest {

    private static final String SPEC_KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHssp8Df8X0xoXExBXWZMpVcc7x0qu34shVpGgXXyajq alice";
    private static final String HOST_KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOtzBYMwkcevJI7e0V1nUBY602bE/D42swLHWZog7I8U";

    @TempDir
    Path state;

    private final FakeHypervisor hv = new FakeHypervisor();
    private InstanceStore store;
    private Lifecycle lc;
    private SshAccess ssh;
    private Networks networks;

    @BeforeEach
    void setUp() throws IOException {
        store = new InstanceStore(state);
        RecordingCommandRunner runner = FakeImageTool.runner();
        FakeImageTool.storeImage(state, false);
        Provisioner.Listener listener = step -> { };
        ConfigDriveWriter writer = (MetadataTree tree, String label, DriveFormat fmt, Path out) -> Files.write(out,
                new byte[] {1});
        networks = new Networks(store, new NetworkStore(state), new FakeNetworks(), new Ipam(new Random(5)),
                Clock.systemUTC(), listener);
        lc = new Lifecycle(store, new ImageStore(state, runner), hv, writer, networks, dir -> { }, listener);
        ssh = new SshAccess(store, networks, hv);
    }

    private static InstanceSpec onDefault(String name) {
        return InstanceSpec.defaults(name, "img").withNetworks(List.of(NicSpec.dhcpOn("default")));
    }

    @Test
    void upMakesAPrivateKeyPairAndAddsItsPublicHalfAfterTheSpecsKeys() throws IOException {
        InstanceSpec spec = InstanceSpec.defaults("vs-s1", "img").toBuilder().sshKeys(List.of(SPEC_KEY)).build();
        lc.up(spec);
        SshFiles files = new SshFiles(store.dir(InstanceName.of("vs-s1")));
        for (Path p : List.of(files.privateKey(), files.publicKey(), files.userFile())) {
            assertThat(Files.getPosixFilePermissions(p)).as(p.toString())
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        InstanceMetadata md = MetadataFile.read(store.dir(InstanceName.of("vs-s1"))).orElseThrow();
        assertThat(md.publicKeys().values()).extracting(SshPublicKey::line)
                .containsExactly(SPEC_KEY, files.publicKeyLine().orElseThrow());
        assertThat(files.publicKeyLine().orElseThrow()).startsWith("ssh-ed25519 ").endsWith(" virtseed@vs-s1");
        assertThat(files.user()).contains("root"); // "img" names no distribution
    }

    @Test
    void convergingKeepsVirtseedsKeyAndShowsNoChangeForIt() {
        InstanceSpec spec = onDefault("vs-s8");
        lc.up(spec);
        Path dir = store.dir(InstanceName.of("vs-s8"));
        String own = new SshFiles(dir).publicKeyLine().orElseThrow();
        assertThat(lc.up(spec, Convergence.UpOptions.DEFAULT).outcome())
                .isEqualTo(Lifecycle.UpResult.Outcome.UNCHANGED);

        Lifecycle.UpResult changed = lc.up(spec.toBuilder().sshKeys(List.of(SPEC_KEY)).build(),
                Convergence.UpOptions.DEFAULT);
        assertThat(changed.outcome()).isEqualTo(Lifecycle.UpResult.Outcome.UPDATED);
        assertThat(MetadataFile.read(dir).orElseThrow().publicKeys().values()).extracting(SshPublicKey::line)
                .containsExactly(SPEC_KEY, own);
    }

    @Test
    void theLoginIsTheSpecsSshUserElseTheImagesDefaultUser() {
        lc.up(InstanceSpec.defaults("vs-s2", "img").toBuilder().sshUser(Optional.of("ops")).build());
        assertThat(new SshFiles(store.dir(InstanceName.of("vs-s2"))).user()).contains("ops");
    }

    @Test
    void theTargetIsTheFirstIpv4FromItsNetworksNamespaceWithTheConsolesHostKeysPinned() throws IOException {
        InstanceRecord r = lc.up(onDefault("vs-s3"));
        Path dir = store.dir(InstanceName.of("vs-s3"));
        Files.writeString(dir.resolve("console.log"), "-----BEGIN SSH HOST KEY KEYS-----\n" + HOST_KEY
                + " root@vs-s3\n-----END SSH HOST KEY KEYS-----\n");

        SshTarget t = ssh.target(InstanceName.of("vs-s3"), Optional.empty(), false);

        assertThat(t.address()).isEqualTo(r.nics().get(0).ip().orElseThrow());
        assertThat(t.netns()).contains("vs-" + networks.find("default").orElseThrow().id());
        assertThat(t.pinned()).isTrue();
        assertThat(t.user()).isEqualTo("root");
        assertThat(t.identity()).contains(dir.resolve("id_ed25519"));
        assertThat(Files.readString(dir.resolve("known_hosts"))).isEqualTo("vs-s3 " + HOST_KEY + "\n");
        assertThat(ssh.target(InstanceName.of("vs-s3"), Optional.of("debian"), false).user()).isEqualTo("debian");

        Files.writeString(dir.resolve("console.log"), "the log rotated\n");
        assertThat(ssh.target(InstanceName.of("vs-s3"), Optional.empty(), false).pinned())
                .as("keys pinned earlier still hold").isTrue();
    }

    @Test
    void noHostKeysYetSaysToWaitUnlessTrustOnFirstUseIsAskedFor() {
        lc.up(onDefault("vs-s4"));
        assertThatThrownBy(() -> ssh.target(InstanceName.of("vs-s4"), Optional.empty(), false))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("has not printed its SSH host keys on its console yet")
                .hasMessageContaining("virtseed wait vs-s4");
        assertThat(ssh.target(InstanceName.of("vs-s4"), Optional.empty(), true).pinned()).isFalse();
    }

    @Test
    void anInstanceNotRunningWithoutAnAddressOrUnknownIsRefusedSayingWhy() {
        lc.up(onDefault("vs-s5"));
        lc.stop(InstanceName.of("vs-s5"), true);
        assertThatThrownBy(() -> ssh.target(InstanceName.of("vs-s5"), Optional.empty(), true))
                .isInstanceOf(HypervisorException.class).hasMessageContaining("it is shutoff, not running")
                .hasMessageContaining("virtseed start vs-s5");

        lc.up(InstanceSpec.defaults("vs-s6", "img").withNetworks(List.of()));
        assertThatThrownBy(() -> ssh.target(InstanceName.of("vs-s6"), Optional.empty(), true))
                .isInstanceOf(StateException.class).hasMessageContaining("has no NIC");

        assertThatThrownBy(() -> ssh.target(InstanceName.of("vs-none"), Optional.empty(), true))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no instance named 'vs-none'");
    }
}
