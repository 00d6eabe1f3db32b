package io.virtseed.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Boots the Debian test guest through {@code virtseed up} under real libvirt and QEMU and checks,
 * from the serial console, that the guest's own cloud-init read our config drive: the datasource,
 * the hostname from meta_data.json and the user data's marker. Needs root, libvirt and the guest
 * built by {@code samples/images/build-guest.sh}.
 */
@Tag("e2e")
class HelloBootE2EIT {

    private static final String NAME = "vs-e2e-hello";

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
    void guestConfiguresItselfFromTheConfigDrive() throws Exception {
        Path spec = harness.writeSpec("hello.yaml", "name: " + NAME + "\n" + GuestHarness.guestLines() + """
                hostname: vs-e2e-hello.virtseed.test
                user_data: |
                  #cloud-config
                  write_files:
                    - { path: /var/lib/vs-e2e/marker, content: "from-user-data\\n" }
                  runcmd:
                    - [ sh, -c, 'echo "VS_E2E hostname=$(hostname) marker=$(cat /var/lib/vs-e2e/marker)" > /dev/ttyS0' ]
                """);

        var up = harness.up(spec, NAME, "10m");
        String log = harness.console(NAME);
        assertThat(up.exitCode()).as(up.all() + "\nconsole:\n" + GuestHarness.tail(log)).isZero();
        GuestHarness.assertReady(up, NAME);
        assertThat(log).contains("DataSourceConfigDrive");
        assertThat(log).contains("VS_E2E hostname=vs-e2e-hello marker=from-user-data");

        var ls = harness.cli().run(60, "ls", "-o", "json");
        assertThat(ls.stdout()).contains("\"name\" : \"" + NAME + "\"", "\"state\" : \"running\"");

        harness.assertDownLeavesNothing(NAME);
    }
}
