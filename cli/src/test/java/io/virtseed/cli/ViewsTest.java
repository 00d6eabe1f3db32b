package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.lifecycle.InstanceView;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.ports.MachineStatus;
import io.virtseed.core.spec.Datasource;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.state.Accelerator;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.state.Phase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The table padded by hand reads exactly as the format pattern it replaces. */
class ViewsTest {

    private static final String FORMAT = "%-24s %-20s %-5s %-17s %-8s %s%n";

    @Test
    void theTableIsTheFormatPatternsText() {
        String longName = "vs-" + "a".repeat(60); // longer than its column: the row grows, nothing is cut
        List<InstanceView> views = new ArrayList<>();
        int i = 0;
        for (Datasource ds : Datasource.values()) {
            for (MachineType m : MachineType.values()) {
                for (Accelerator a : Accelerator.values()) {
                    String name = i == 0 ? longName : "vs-row-" + i;
                    Optional<MachineStatus> status = switch (i % 4) {
                        case 0 -> Optional.empty();
                        case 1 -> Optional.of(new MachineStatus(MachineState.RUNNING, "booted"));
                        case 2 -> Optional.of(new MachineStatus(MachineState.SHUTOFF,
                                "a-reason-far-too-long-for-its-column"));
                        default -> Optional.of(new MachineStatus(MachineState.PAUSED, MachineStatus.UNKNOWN));
                    };
                    views.add(new InstanceView(new InstanceRecord(InstanceRecord.CURRENT_VERSION, name,
                            UUID.randomUUID(), "vs-img", name, ds, m, a, Phase.CREATED, Instant.now(), List.of()),
                            status, Path.of("/var/lib/virtseed/instances", name)));
                    i++;
                }
            }
        }
        StringBuilder expected = new StringBuilder(String.format(FORMAT, "NAME", "STATE", "ACCEL", "DATASOURCE",
                "MACHINE", "UUID"));
        for (InstanceView v : views) {
            InstanceRecord r = v.record();
            expected.append(String.format(FORMAT, r.name(), Views.stateWithReason(v), r.accel().text(),
                    r.datasource().specName(), r.machine().libvirtName(), r.uuid()));
        }
        assertThat(Views.table(views)).contains(longName + " missing").isEqualTo(expected.toString());
        assertThat(Views.table(List.of())).isEqualTo(String.format(FORMAT, "NAME", "STATE", "ACCEL", "DATASOURCE",
                "MACHINE", "UUID"));
    }
}
