package io.virtseed.core.state;

import io.virtseed.core.spec.Datasource;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.MacAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/** The instance records and instants the store's hand reader and writer are held to the mapper with. */
final class RecordShapes {

    static final UUID ID = UUID.fromString("0b6f5a0e-2c1d-4e3f-9a8b-7c6d5e4f3a2b");

    private RecordShapes() {
    }

    static InstanceRecord.Nic nic(String ip, String ip6, boolean dhcp) {
        return new InstanceRecord.Nic("lab", MacAddress.of("52:54:00:ab:cd:ef"),
                Optional.ofNullable(ip).map(IpAddress::parse), Optional.ofNullable(ip6).map(IpAddress::parse),
                "vs0123456789", dhcp);
    }

    /**
     * Every shape the project writes, named {@code name}: each enum value, no NIC, NICs with and
     * without addresses, an old record with fields missing, and strings with every control
     * character, quotes, backslashes and characters beyond ASCII (one outside the BMP too).
     */
    static List<InstanceRecord> all(String name) {
        List<InstanceRecord> out = new ArrayList<>();
        Instant t = Instant.parse("2026-12-03T18:01:02.345678Z");
        for (Phase phase : Phase.values()) {
            for (Accelerator accel : Accelerator.values()) {
                out.add(new InstanceRecord(2, name, ID, "debian-12", "web", Datasource.CONFIGDRIVE, MachineType.PC,
                        accel, phase, t, List.of()));
            }
        }
        for (Datasource d : Datasource.values()) {
            for (MachineType m : MachineType.values()) {
                out.add(new InstanceRecord(2, name, ID, "img", "h", d, m, Accelerator.KVM, Phase.CREATED,
                        Instant.parse("2026-01-02T03:04:05Z"), List.of(nic("10.88.0.10", null, true))));
            }
        }
        out.add(new InstanceRecord(2, name, ID, "img", "h", Datasource.NOCLOUD, MachineType.Q35, Accelerator.TCG,
                Phase.CREATED, Instant.parse("2026-01-02T03:04:05.100Z"), List.of(nic("10.88.0.10",
                        "fd00:88::5054:ff:feab:cdef", true), nic(null, null, true), nic("192.168.7.2", null, false))));
        out.add(new InstanceRecord(1, name, ID, null, null, null, null, null, Phase.CREATING, null, null));
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        for (String odd : List.of(controls + "\"\\/\u007f\u0080\u00e9\u2028\u6f22", "smile \ud83d\ude00",
                "/images/a b.qcow2", "")) {
            out.add(new InstanceRecord(2, name, ID, odd, odd, Datasource.CONFIGDRIVE, MachineType.PC,
                    Accelerator.TCG, Phase.CREATED, Instant.EPOCH, List.of()));
        }
        return out;
    }

    /**
     * {@code count} instants from {@code from} to {@code to} (epoch seconds), a quarter each with no
     * fraction, milliseconds, microseconds and nanoseconds: the forms the mapper writes differently.
     */
    static List<Instant> randomInstants(long seed, int count, long from, long to) {
        Random random = new Random(seed);
        List<Instant> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            out.add(Instant.ofEpochSecond(random.nextLong(from, to), nanos));
        }
        return out;
    }
}
