import io.virtseed.core.metadata.InstanceMetadata;
import io.virtseed.core.metadata.MetadataFile;
import io.virtseed.core.metadata.NicConfig;
import io.virtseed.core.spec.Datasource;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.state.Accelerator;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.state.Phase;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.MacAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * Writes a state folder for the metadata benchmark: COUNT instances on network "bench", each with
 * 16 KiB of user data, one SSH key and a static NIC; instance 0 has the address 127.0.0.1 (the
 * daemon's bench-only loopback listener answers as "bench"). Usage: java -cp CP MetadataBenchState.java STATE COUNT
 */
public final class MetadataBenchState {

    static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINwzddNK36lI2KY/jqHVZYUdY+C4zSJNQExbN0W0n2e/ bench@vs";

    /** A second key brings meta_data.json to about 2 KiB, the size the targets were set for. */
    static final String RSA = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDjKJ42xmgZxg+CWa4/ta7TuqWbu65qryMfnyATJVKAoj+s68fc/uUZ4cajt49pf"
            + "+q0K+bvqiABpW+uEOljQTZfpqvbLtiG6ZMR0FeF1XDea+yZE0zj0ffVczsGRsSiLVEojuCjg8Y250Qso/EFcZGnj7QOGCA4Eeng34u"
            + "FU0M4utgxb29/8T5hngw0zXiO9VQLY/UuaUEb3Unnp2+xEvyXE1QxmZrhTr+mx0gc7jsU/KdvqqKxIuQlzcrXZ1on3gjfsiUB7ULUiG"
            + "vGk88aWmG6tBKmuJebdZYF+3b+wLRSejKrz8EJyH7vaaaiOi+HP19pcRf6UDNw4IlXAE4qGWlz bench@vs";

    public static void main(String[] args) {
        Path state = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        InstanceStore store = new InstanceStore(state);
        Random random = new Random(42);
        for (int i = 0; i < count; i++) {
            String name = String.format("vsb%05d", i);
            String ip = i == 0 ? "127.0.0.1" : "10." + (100 + i / 65536) + "." + (i / 256 % 256) + "." + (i % 256);
            MacAddress mac = MacAddress.of(String.format("52:54:00:%02x:%02x:%02x", i >> 16 & 0xff, i >> 8 & 0xff, i & 0xff));
            UUID uuid = new UUID(random.nextLong(), random.nextLong());
            byte[] seed = new byte[512];
            random.nextBytes(seed);
            byte[] userData = new byte[16 * 1024];
            Arrays.fill(userData, (byte) 'x');
            byte[] head = ("#cloud-config\n# instance " + name + "\n#").getBytes();
            System.arraycopy(head, 0, userData, 0, head.length);
            userData[userData.length - 1] = '\n';
            Path dir = store.createDir(InstanceName.of(name));
            store.save(new InstanceRecord(InstanceRecord.CURRENT_VERSION, name, uuid, "debian-12", name,
                    Datasource.METADATA, MachineType.PC, Accelerator.KVM, Phase.CREATED, Instant.now(),
                    List.of(new InstanceRecord.Nic("bench", mac, Optional.of(IpAddress.parse(ip)), Optional.empty(),
                            "vst" + i, true))));
            InstanceMetadata md = InstanceMetadata.builder(uuid, name, name + ".bench.example", seed)
                    .sshKey("key0", KEY)
                    .sshKey("key1", RSA)
                    .userData(userData)
                    .nics(List.of(NicConfig.dhcp(mac, "bench")))
                    .build();
            MetadataFile.write(dir, md);
        }
    }
}
