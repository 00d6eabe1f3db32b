package io.virtseed.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Boots the Debian test guest with the other drive layouts (the ISO config drive on a cdrom is
 * booted by {@code LifecycleE2EIT} on {@code pc} and {@code Q35BootE2EIT} on {@code q35}): the config drive on a FAT disk
 * ({@code datasource: configdrive-vfat}, a virtio disk the guest finds by its label) and a NoCloud
 * seed ({@code datasource: nocloud}). The console shows which datasource cloud-init used, the
 * hostname it set and the user data it ran; {@code down} then leaves nothing. Needs root, libvirt
 * and the guest built by {@code samples/images/build-guest.sh}; boots one guest at a time.
 */
@Tag("e2e")
class DatasourceBootE2EIT {

    private GuestHarness harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new GuestHarness();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void guestReadsTheConfigDriveFromAFatDisk() throws Exception {
        String name = "vs-e2e-vfat";
        String log = boot(name, "configdrive-vfat");
        assertThat(log).containsPattern("DataSourceConfigDrive \\[net,ver=2\\]\\[source=/dev/vd[b-z]\\]");
        assertThat(log).contains("VS_E2E hostname=" + name + " marker=from-user-data cloud-id=configdrive");
        harness.assertDownLeavesNothing(name);
    }

    @Test
    void guestReadsTheNoCloudSeed() throws Exception {
        String name = "vs-e2e-nocloud";
        String log = boot(name, "nocloud");
        assertThat(log).contains("DataSourceNoCloud").doesNotContain("DataSourceConfigDrive");
        assertThat(log).contains("VS_E2E hostname=" + name + " marker=from-user-data cloud-id=nocloud");
        harness.assertDownLeavesNothing(name);
    }

    /** Runs {@code up --wait} with the given datasource and returns the console once cloud-init is done. */
    private String boot(String name, String datasource) throws Exception {
        return harness.bootMarked(name, datasource, "", "5m");
    }
}
