package io.virtseed.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.SpecException;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.MemorySize;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The builder copies every component once, and the cpus/memory rule is the same for the loader and the record. */
class InstanceSpecTest {

    private final InstanceSpec full = InstanceSpec.builder(InstanceName.of("vs-spec"), "img").cpus(3)
            .memory(MemorySize.ofMiB(768)).disk(Optional.of(MemorySize.ofGiB(4))).machine(MachineType.Q35)
            .accel(Accel.TCG).boot(Optional.of(new BootSpec(Path.of("/k"), Optional.empty(), "console=ttyS0")))
            .hostname("h.example").sshKeys(List.of("ssh-ed25519 AAAA x")).password(Optional.of("pw"))
            .meta(Map.of("k", "v")).files(List.of(new FileSpec("/etc/motd", new byte[] {1})))
            .userData(Optional.of(new byte[] {7})).vendorData(Map.of("a", "b")).datasource(Datasource.NOCLOUD)
            .networks(List.of(NicSpec.dhcpOn("lab"))).build();

    @Test
    void defaultsAreTheDocumentedOnes() {
        InstanceSpec d = InstanceSpec.defaults("vs-def", "img");
        assertThat(d.cpus()).isEqualTo(1);
        assertThat(d.memory()).isEqualTo(MemorySize.ofGiB(1));
        assertThat(d.hostname()).isEqualTo("vs-def");
        assertThat(d.machine()).isEqualTo(MachineType.PC);
        assertThat(d.accel()).isEqualTo(Accel.AUTO);
        assertThat(d.datasource()).isEqualTo(Datasource.CONFIGDRIVE);
        assertThat(d.userData()).isEmpty();
    }

    @Test
    void toBuilderKeepsEveryComponent() {
        assertSameApartFromUserData(full.toBuilder().build(), full);
        assertThat(full.toBuilder().build().userData()).get().isEqualTo(new byte[] {7});
    }

    @Test
    void eachWithChangesOnlyItsComponent() {
        byte[] ud = "#cloud-config\n".getBytes(StandardCharsets.UTF_8);
        assertThat(full.withUserData(ud).userData()).get().isEqualTo(ud);
        assertSameApartFromUserData(full.withUserData(ud), full);
        assertSameApartFromUserData(full.withDatasource(Datasource.CONFIGDRIVE),
                full.toBuilder().datasource(Datasource.CONFIGDRIVE).build());
        assertThat(full.withDatasource(Datasource.CONFIGDRIVE).datasource()).isEqualTo(Datasource.CONFIGDRIVE);
        assertThat(full.withMachine(MachineType.PC).machine()).isEqualTo(MachineType.PC);
        assertThat(full.withMachine(MachineType.PC).hostname()).isEqualTo("h.example");
        assertThat(full.withBoot(Optional.empty()).boot()).isEmpty();
        assertThat(full.withBoot(Optional.empty()).cpus()).isEqualTo(3);
        assertThat(full.withNetworks(List.of()).networks()).isEmpty();
        assertThat(full.withNetworks(List.of()).meta()).isEqualTo(Map.of("k", "v"));
    }

    @Test
    void cpusAndMemoryBoundsHoldForTheRecordAndTheLoaderAlike() {
        assertThatThrownBy(() -> full.toBuilder().cpus(0).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cpus must be 1 to 256, not 0");
        assertThatThrownBy(() -> full.toBuilder().cpus(257).build()).hasMessage("cpus must be 1 to 256, not 257");
        assertThat(full.toBuilder().cpus(InstanceSpec.MAX_CPUS).build().cpus()).isEqualTo(256);
        assertThatThrownBy(() -> full.toBuilder().memory(MemorySize.ofMiB(63)).build())
                .hasMessage("memory 63MiB is too small: at least 64MiB");
        assertThat(full.toBuilder().memory(InstanceSpec.MIN_MEMORY).build().memory()).isEqualTo(MemorySize.ofMiB(64));

        SpecLoader loader = new SpecLoader();
        assertThatThrownBy(() -> loader.parse("name: w\nimage: img\ncpus: 0\n", Path.of("vm.yaml"), Path.of("/")))
                .isInstanceOf(SpecException.class).hasMessage("vm.yaml:3:7: cpus: must be 1 to 256, not 0");
        assertThatThrownBy(() -> loader.parse("name: w\nimage: img\nmemory: 32MiB\n", Path.of("vm.yaml"), Path.of("/")))
                .hasMessage("vm.yaml:3:9: memory: 32MiB is too small: at least 64MiB");
    }

    /** Record equality compares arrays by identity, and the record copies its user data: compare the rest. */
    private static void assertSameApartFromUserData(InstanceSpec actual, InstanceSpec expected) {
        assertThat(actual).usingRecursiveComparison().ignoringFields("userData").isEqualTo(expected);
    }
}
