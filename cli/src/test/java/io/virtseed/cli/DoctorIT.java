package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code virtseed doctor -o json} on this host, as installed by scripts/host-setup.sh, against qemu:///system. */
class DoctorIT {

    private static final List<String> IDS = List.of("libvirt", "qemu", "kvm", "dev-kvm", "qemu-img", "dnsmasq",
            "iptables", "ip-forward", "nwfilter", "state-access", "apparmor", "selinux", "disk");

    @TempDir
    Path tmp;

    @Test
    void everyCheckReportsAndTheExitCodeFollowsTheFailures() throws Exception {
        var r = new CapturedCli(tmp.resolve("state"), "--connect", "qemu:///system").run("doctor", "-o", "json");
        JsonNode arr = new ObjectMapper().readTree(r.out());
        assertThat(arr.isArray()).as(r.all()).isTrue();
        List<String> ids = new ArrayList<>();
        boolean failed = false;
        for (JsonNode c : arr) {
            ids.add(c.get("id").asText());
            assertThat(c.get("status").asText()).as(c.toString()).isIn("ok", "warn", "fail");
            assertThat(c.get("detail").asText()).as(c.toString()).isNotBlank();
            boolean fail = c.get("status").asText().equals("fail");
            if (fail) {
                assertThat(c.get("fix").isTextual()).as("a failure says its fix: " + c).isTrue();
            }
            failed |= fail;
        }
        assertThat(ids).as(r.all()).isEqualTo(IDS);
        assertThat(r.exitCode()).as(r.all()).isEqualTo(failed ? 1 : 0);
        // what host-setup installs is found, whatever the daemon's state
        for (String tool : List.of("qemu", "qemu-img", "dnsmasq", "iptables")) {
            assertThat(arr.get(IDS.indexOf(tool)).get("status").asText()).as(r.all()).isEqualTo("ok");
        }
    }
}
