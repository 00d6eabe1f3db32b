package io.virtseed.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.image.ImageStore;
import io.virtseed.core.spec.InstanceSpec;
import io.virtseed.core.spec.NicSpec;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.testing.FakeHypervisor;
import io.virtseed.core.testing.FakeImageTool;
import io.virtseed.core.testing.FakeNetworks;
import io.virtseed.core.value.InstanceName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunningInstanceTest {

    @TempDir
    Path state;

    private final FakeHypervisor hv = new FakeHypervisor();
    private Virtseed virtseed;

    @BeforeEach
    void setUp() throws Exception {
        FakeImageTool.storeImage(state, true);
        virtseed = Virtseed.builder(new InstanceStore(state), new ImageStore(state, FakeImageTool.runner()))
                .hypervisor(hv).networks(new FakeNetworks()).random(new java.util.Random(3))
                .drives((tree, label, format, out) -> Files.writeString(out, label)).build();
    }

    private static InstanceSpec spec(String name) {
        return InstanceSpec.defaults(name, "img");
    }

    private boolean exists(String name) {
        return virtseed.store().find(InstanceName.of(name)).isPresent()
                || hv.state(InstanceName.of(name)).isPresent();
    }

    @Test
    void aHandleThatCreatedTheInstanceRemovesItOnceClosedTwice() {
        RunningInstance vm = virtseed.launch(spec("vs-own"));
        assertThat(vm.owned()).isTrue();
        assertThat(exists("vs-own")).isTrue();

        vm.close();
        assertThat(exists("vs-own")).isFalse();
        assertThat(Files.exists(virtseed.store().dir(vm.name()))).isFalse();
        vm.close(); // nothing left to remove, and no error for it
        assertThat(vm.closed()).isTrue();
    }

    @Test
    void aHandleOnAnInstanceThatAlreadyExistedLeavesItWhenClosed() {
        RunningInstance first = virtseed.launch(spec("vs-shared"));
        RunningInstance second = virtseed.launch(spec("vs-shared"));
        assertThat(second.owned()).isFalse();
        assertThat(second.uuid()).isEqualTo(first.uuid());

        second.close();
        assertThat(exists("vs-shared")).isTrue();

        first.close();
        assertThat(exists("vs-shared")).isFalse();
    }

    @Test
    void anInstanceMadeByUpOutsideTheHandleIsNotOwnedEither() {
        virtseed.up(spec("vs-cli"));
        try (RunningInstance vm = virtseed.launch(spec("vs-cli"))) {
            assertThat(vm.owned()).isFalse();
        }
        assertThat(exists("vs-cli")).isTrue();
        virtseed.down(InstanceName.of("vs-cli"));
    }

    @Test
    void closingFromManyThreadsRemovesOnceAndEveryCallReturnsWithTheInstanceGone() throws Exception {
        RunningInstance vm = virtseed.launch(spec("vs-race"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> {
                    go.await();
                    vm.close();
                    return exists("vs-race");
                }));
            }
            go.countDown();
            for (Future<Boolean> c : calls) {
                assertThat(c.get()).as("instance still there after a close() returned").isFalse();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closeAfterTheInstanceWasRemovedElsewhereSucceeds() {
        RunningInstance vm = virtseed.launch(spec("vs-gone"));
        virtseed.down(vm.name());
        vm.close();
        assertThat(vm.closed()).isTrue();
    }

    @Test
    void addressesAreTheRecordedNics() {
        InstanceSpec spec = spec("vs-net").toBuilder().networks(List.of(NicSpec.dhcpOn("default"))).build();
        try (RunningInstance vm = virtseed.launch(spec)) {
            var nic = vm.record().nics().get(0);
            assertThat(vm.addresses()).singleElement().satisfies(a -> {
                assertThat(a.network()).isEqualTo("default");
                assertThat(a.mac()).isEqualTo(nic.mac());
                assertThat(a.ipv4()).isPresent().isEqualTo(nic.ip());
            });
            assertThat(vm.ipv4()).isEqualTo(nic.ip());
        }
    }

    @Test
    void anInstanceWithoutNicsHasNoAddress() {
        try (RunningInstance vm = virtseed.launch(spec("vs-nonet"))) {
            assertThat(vm.addresses()).isEmpty();
            assertThat(vm.ipv4()).isEmpty();
        }
    }

    @Test
    void logsAreTheConsoleLogAsWritten() throws Exception {
        try (RunningInstance vm = virtseed.launch(spec("vs-log"))) {
            Path log = virtseed.store().dir(vm.name()).resolve("console.log");
            Files.writeString(log, "hostname=vs-log\n", StandardCharsets.UTF_8);
            assertThat(vm.logs()).isEqualTo("hostname=vs-log\n");
            Files.delete(log);
            assertThat(vm.logs()).isEmpty();
        }
    }

    @Test
    void consoleIsTheRunningGuestsConsole() {
        try (RunningInstance vm = virtseed.launch(spec("vs-tty")); var console = vm.console()) {
            byte[] typed = "x".getBytes(StandardCharsets.UTF_8);
            console.write(typed, 0, typed.length);
            byte[] buf = new byte[16];
            assertThat(console.read(buf)).isPositive();
        }
    }

    /** exec goes over SSH: refused, with the reason, before the guest can be reached; never a hang. */
    @Test
    void execIsRefusedWithTheReasonUntilTheGuestCanBeReached() {
        try (RunningInstance vm = virtseed.launch(spec("vs-exec"))) {
            assertThatThrownBy(() -> vm.exec()).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> vm.exec("true")).isInstanceOf(io.virtseed.core.error.VirtseedException.class)
                    .hasMessageContaining("vs-exec");
        }
    }
}
