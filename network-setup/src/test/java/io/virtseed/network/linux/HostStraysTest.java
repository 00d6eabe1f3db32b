package io.virtseed.network.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.ports.HostObject;
import io.virtseed.core.ports.StateMark;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HostStraysTest {

    private static final StateMark OURS = StateMark.of(Path.of("/var/lib/virtseed"));
    private static final StateMark THEIRS = StateMark.of(Path.of("/srv/other-state"));

    @Test
    void aChainIsJudgedByTheMarksOfItsRulesAndOfTheJumpsToIt() {
        String save = String.join("\n", "*filter", ":FORWARD ACCEPT [0:0]", ":VS-0A0A0A-FWD - [0:0]",
                ":VS-0B0B0B-FWD - [0:0]", ":VS-0C0C0C-FWD - [0:0]", ":VS-0D0D0D-FWD - [0:0]", ":DOCKER - [0:0]",
                "-A FORWARD -m comment --comment \"" + OURS.value() + "\" -j VS-0A0A0A-FWD",
                "-A FORWARD -j VS-0B0B0B-FWD", "-A FORWARD -j VS-0C0C0C-FWD",
                "-A VS-0B0B0B-FWD -i vs-0b0b0b -m comment --comment \"" + THEIRS.value() + "\" -j ACCEPT",
                "-A VS-0C0C0C-FWD -i vs-0c0c0c -m comment --comment \"made by hand\" -j ACCEPT",
                "-A VS-0D0D0D-FWD -m comment --comment \"" + THEIRS.value() + "\" -j RETURN",
                "-A VS-0D0D0D-FWD -m comment --comment \"" + OURS.value() + "\" -j ACCEPT",
                "COMMIT", "");
        assertThat(HostStrays.chains(IptablesSave.parse(save), OURS)).containsExactly(
                new HostObject("iptables", "filter VS-0A0A0A-FWD", "0a0a0a", HostObject.Owner.THIS_STATE),
                new HostObject("iptables", "filter VS-0B0B0B-FWD", "0b0b0b", HostObject.Owner.OTHER_STATE),
                new HostObject("iptables", "filter VS-0C0C0C-FWD", "0c0c0c", HostObject.Owner.UNPROVEN),
                new HostObject("iptables", "filter VS-0D0D0D-FWD", "0d0d0d", HostObject.Owner.THIS_STATE));
    }

    @Test
    void aMarkIsOursOnlyWhenItIsOurStateFoldersOwn() {
        assertThat(OURS.judge(OURS.value())).isEqualTo(HostObject.Owner.THIS_STATE);
        assertThat(OURS.judge(THEIRS.value())).isEqualTo(HostObject.Owner.OTHER_STATE);
        assertThat(OURS.judge("")).isEqualTo(HostObject.Owner.UNPROVEN);
        assertThat(OURS.judge("libvirt")).isEqualTo(HostObject.Owner.UNPROVEN);
        assertThat(StateMark.of(Path.of("/var/lib/virtseed/"))).as("the same folder however written").isEqualTo(OURS);
        assertThat(OURS.value()).matches("virtseed:[0-9a-f]{16}");
    }
}
