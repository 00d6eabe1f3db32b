package io.virtseed.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Boots the Debian test guest through the metadata service: with {@code datasource: metadata} it
 * has no drive at all, and its cloud-init (told by SMBIOS it runs on OpenStack) reads everything
 * from 169.254.169.254 over the default network; with {@code both} it has the drive and reports
 * ready over HTTP. Either way {@code up --wait} ends on the guest's phone-home, and {@code show}
 * says when it fetched its metadata.
 */
@Tag("e2e")
class MetadataBootE2EIT {

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
    void guestWithNoDriveReadsItsMetadataOverHttp() throws Exception {
        String name = "vs-e2e-md";
        String log = boot(name, "metadata");
        assertThat(log).contains("DataSourceOpenStackLocal").doesNotContain("DataSourceConfigDrive");
        assertThat(log).contains("VS_E2E hostname=" + name + " marker=from-user-data cloud-id=openstack");
        var show = harness.cli().run(60, "show", name);
        assertThat(show.stdout()).containsPattern("metadata:\\s+first fetched at \\S+, ready at \\S+");
        harness.assertDownLeavesNothing(name);
    }

    @Test
    void guestWithBothChannelsBootsFromTheDriveAndReportsOverHttp() throws Exception {
        String name = "vs-e2e-both";
        String log = boot(name, "both");
        assertThat(log).contains("DataSourceConfigDrive");
        assertThat(log).contains("VS_E2E hostname=" + name + " marker=from-user-data cloud-id=configdrive");
        harness.assertDownLeavesNothing(name);
    }

    private String boot(String name, String datasource) throws Exception {
        String log = harness.bootMarked(name, datasource, "", "6m");
        assertThat(harness.lastUp().stdout()).as(harness.lastUp().all()).contains(name + " ready: phone-home at ");
        return log;
    }
}
