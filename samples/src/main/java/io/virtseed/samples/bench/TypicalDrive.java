package io.virtseed.samples.bench;

import io.virtseed.core.metadata.InstanceMetadata;
import io.virtseed.core.metadata.NicConfig;
import io.virtseed.core.metadata.NicDevice;
import io.virtseed.core.spec.FileSpec;
import io.virtseed.core.value.MacAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The content of a typical config drive, always the same bytes: 16 KiB of user data, two
 * injected files, one SSH key, an admin password, vendor data and two NICs (one static IPv4 +
 * IPv6, one DHCP). {@link InstanceMetadata#openStackTree()} turns it into every OpenStack
 * version's files, as nova writes them.
 *
 * <pre>{@code
 * MetadataTree tree = TypicalDrive.metadata().openStackTree();
 * }</pre>
 */
public final class TypicalDrive {

    /** Size of the user data: a generous cloud-config, a quarter of nova's 64 KiB limit. */
    public static final int USER_DATA_BYTES = 16 * 1024;

    private static final UUID UUID_OF_DRIVE = UUID.fromString("6c2f1a3e-5b7d-4c1e-9a8f-0d2b4e6f8a10");
    /** A fixed seed: the "random" bytes must be the same in every run and every JVM. */
    private static final long SEED = 20120810L;

    private TypicalDrive() {
    }

    /** The instance metadata; a new, equal object on every call. */
    public static InstanceMetadata metadata() {
        SplittableRandom random = new SplittableRandom(SEED);
        NicConfig lab = NicConfig.staticNic(MacAddress.of("52:54:00:12:34:01"), "lab",
                        NicConfig.Ipv4Setting.of("10.88.0.10/24", "10.88.0.1"), List.of("10.88.0.1", "fd00:88::1"))
                .withIpv6(NicConfig.Ipv6Setting.of("fd00:88::10/64", "fe80::1"));
        NicConfig mgmt = NicConfig.dhcp(MacAddress.of("52:54:00:12:34:02"), "mgmt");
        List<NicConfig> nics = List.of(lab, mgmt);
        return InstanceMetadata.builder(UUID_OF_DRIVE, "web1", "web1.lab.example", bytes(random, 512))
                .projectId("bench-project")
                .sshKey("key0", ed25519Key(random, "alice@laptop"))
                .meta(Map.of("role", "web", "tier", "frontend", "owner", "platform-team"))
                .files(List.of(new FileSpec("/etc/motd", motd()),
                        new FileSpec("/etc/app/settings.json", settings())))
                .adminPass("correct-horse-battery-staple")
                .userData(userData())
                .vendorData(Map.of("cloud-init", "#cloud-config\npackage_update: false\n"))
                .nics(nics)
                .devices(nics.stream().map(NicDevice::of).toList())
                .instanceType("vs.2cpu.2GiB")
                .amiId("ami-0c0ffee1")
                .build();
    }

    /** A cloud-config of exactly {@link #USER_DATA_BYTES} bytes: packages, files and commands. */
    static byte[] userData() {
        StringBuilder text = new StringBuilder(USER_DATA_BYTES);
        text.append("#cloud-config\nhostname: web1\npackage_update: true\npackages: [nginx, curl, jq, chrony]\n")
                .append("write_files:\n  - path: /etc/app/release\n    content: \"2024.11.3\\n\"\nruncmd:\n");
        for (int step = 1; ; step++) {
            String line = String.format(Locale.ROOT,
                    "  - [sh, -c, \"echo 'bootstrap step %04d done' >> /var/log/app-bootstrap.log\"]\n", step);
            if (text.length() + line.length() > USER_DATA_BYTES - 80) {
                break;
            }
            text.append(line);
        }
        // one comment line fills up to the exact size
        int fill = USER_DATA_BYTES - text.length() - "# \n".length();
        text.append("# ").append("-".repeat(fill)).append('\n');
        byte[] data = text.toString().getBytes(StandardCharsets.US_ASCII);
        if (data.length != USER_DATA_BYTES) {
            throw new IllegalStateException("user data came out " + data.length + " bytes, not " + USER_DATA_BYTES);
        }
        return data;
    }

    private static byte[] motd() {
        return ("Welcome to web1.lab.example\n\nThis host is managed by virtseed; local changes to /etc may be"
                + " lost on rebuild.\nSupport: platform-team\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] settings() {
        StringBuilder json = new StringBuilder("{\n  \"listen\": \"0.0.0.0:8080\",\n  \"upstreams\": [\n");
        for (int i = 1; i <= 24; i++) {
            json.append(String.format(Locale.ROOT,
                    "    {\"name\": \"backend-%02d\", \"address\": \"10.88.1.%d:9000\", \"weight\": %d}%s\n",
                    i, i + 10, 1 + i % 3, i < 24 ? "," : ""));
        }
        return json.append("  ],\n  \"log_level\": \"info\"\n}\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A well-formed Ed25519 public key line (type string and 32 key bytes) from {@code random}. */
    private static String ed25519Key(SplittableRandom random, String comment) {
        byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
        byte[] key = bytes(random, 32);
        ByteBuffer blob = ByteBuffer.allocate(4 + type.length + 4 + key.length);
        blob.putInt(type.length).put(type).putInt(key.length).put(key);
        return "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob.array()) + " " + comment;
    }

    private static byte[] bytes(SplittableRandom random, int count) {
        byte[] out = new byte[count];
        random.nextBytes(out);
        return out;
    }
}
