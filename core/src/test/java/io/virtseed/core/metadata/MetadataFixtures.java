package io.virtseed.core.metadata;

import io.virtseed.core.spec.Accel;
import io.virtseed.core.spec.Datasource;
import io.virtseed.core.spec.FileSpec;
import io.virtseed.core.spec.ImageRef;
import io.virtseed.core.spec.InstanceSpec;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.spec.NicSpec;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.MacAddress;
import io.virtseed.core.value.MemorySize;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/** The instances the metadata tests render: a typical one with everything set, and a bare one. */
final class MetadataFixtures {

    static final UUID UUID_1 = UUID.fromString("6f1c2b9e-0d3a-4c57-8e21-9b4f7a6d5c10");
    static final String ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINwzddNK36lI2KY/jqHVZYUdY+C4zSJNQExbN0W0n2e/ alice@laptop";
    static final String RSA = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDjKJ42xmgZxg+CWa4/ta7TuqWbu65qryMfnyATJVKAoj+s68fc/uUZ4cajt49pf"
            + "+q0K+bvqiABpW+uEOljQTZfpqvbLtiG6ZMR0FeF1XDea+yZE0zj0ffVczsGRsSiLVEojuCjg8Y250Qso/EFcZGnj7QOGCA4Eeng34u"
            + "FU0M4utgxb29/8T5hngw0zXiO9VQLY/UuaUEb3Unnp2+xEvyXE1QxmZrhTr+mx0gc7jsU/KdvqqKxIuQlzcrXZ1on3gjfsiUB7ULUiG"
            + "vGk88aWmG6tBKmuJebdZYF+3b+wLRSejKrz8EJyH7vaaaiOi+HP19pcRf6UDNw4IlXAE4qGWlz bob@desk";
    static final String ECDSA = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBLfxl+1gLf+28Q13pAL"
            + "FQkvu1YW+HVtESEr6JJev2TYN5mdhSvmk+fc/bT+843yg6ZaBSnuPkP73kp+Jg/gXnYU=";
    static final MacAddress MAC_1 = MacAddress.of("52:54:00:12:34:56");
    static final MacAddress MAC_2 = MacAddress.of("52:54:00:AB:CD:EF");
    static final String PASSWORD = "Adm1n-Pa55-only-on-drive";
    static final byte[] USER_DATA = ("#cloud-config\nwrite_files:\n  - path: /etc/from-user-data\n    content: hi\n"
            + "runcmd:\n  - [sh, -c, 'echo ready > /dev/ttyS0']\n").getBytes(StandardCharsets.UTF_8);
    static final byte[] BINARY_FILE = {0, 1, 2, (byte) 0xff, (byte) 0xfe, '\n', 0x1f, (byte) 0x8b};

    private MetadataFixtures() {
    }

    static byte[] seed() {
        byte[] seed = new byte[512];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) (i * 7 + 3);
        }
        return seed;
    }

    /** Static IPv4 + IPv6 with gateways, DNS and MTU on the first NIC; DHCP on the second. */
    static List<NicConfig> twoNics() {
        NicConfig first = new NicConfig(MAC_1, "lab", false,
                Optional.of(NicConfig.Ipv4Setting.of("10.88.0.10/24", "10.88.0.1")),
                Optional.of(NicConfig.Ipv6Setting.of("fd00:88:0:0::10/64", "FD00:88::1")),
                List.of("10.88.0.1", "fd00:88::53"), OptionalInt.of(1450));
        return List.of(first, NicConfig.dhcp(MAC_2, "default"));
    }

    static InstanceSpec typicalSpec() {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("tier", "1");
        meta.put("role", "web");
        Map<String, Object> vendor = new LinkedHashMap<>();
        vendor.put("site", Map.of("zone", "a", "rack", 3));
        vendor.put("cloud-init", "#cloud-config\nruncmd:\n  - echo vendor-data-ran\n");
        List<FileSpec> files = List.of(new FileSpec("/etc/motd", "hello from virtseed\n".getBytes(StandardCharsets.UTF_8)),
                new FileSpec("/opt/app/blob.bin", BINARY_FILE));
        return new InstanceSpec(InstanceName.of("web1"), io.virtseed.core.spec.ImageRef.ofText("debian-12-cloudinit"), 2, MemorySize.ofGiB(1), Optional.empty(),
                MachineType.PC, Accel.AUTO, Optional.empty(), "web1.lab.example", List.of(ED25519, RSA),
                Optional.of(PASSWORD), meta, files, Optional.of(USER_DATA), vendor, Datasource.CONFIGDRIVE,
                List.of(NicSpec.dhcpOn("lab"), NicSpec.dhcpOn("default")), io.virtseed.core.spec.Firmware.BIOS, Optional.empty());
    }

    static InstanceMetadata typical() {
        return InstanceMetadata.from(typicalSpec(), UUID_1, twoNics(), seed());
    }

    /** Only what is required: no keys, meta, files, password, user or vendor data; one DHCP NIC. */
    static InstanceMetadata.Builder bare() {
        return InstanceMetadata.builder(UUID_1, "bare", "bare", seed()).nics(List.of(NicConfig.dhcp(MAC_1, "default")));
    }
}
