package io.virtseed.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds the rendered trees to cloud-init's own readers and network renderers (cloud-init 22.4 as
 * packaged by Debian) through the project's probe script, and checks what a guest would get.
 */
class MetadataTreeProbeIT {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String ED25519_BODY = MetadataFixtures.ED25519.split(" ")[1];
    private static final String RSA_BODY = MetadataFixtures.RSA.split(" ")[1];
    private static final String UUID = MetadataFixtures.UUID_1.toString();

    private final MetadataTreeRenderer renderer = new MetadataTreeRenderer();

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsPython() {
        io.virtseed.core.testing.RealComponents.require(Files.isExecutable(PYTHON), "the system python3, which runs"
                + " cloud-init's readers", "scripts/host-setup.sh installs cloud-init and python3");
    }

    static Path probe() {
        Path p = Path.of(System.getProperty("virtseed.repo", ".")).resolve("../shared/tools/cloudinit-probe/ci_probe.py")
                .normalize();
        assertThat(p).as("the cloud-init probe script").isRegularFile();
        return p;
    }

    @Test
    void cloudInitAcceptsTheConfigDriveAndConfiguresBothNics() throws Exception {
        Path dir = tmp.resolve("drive");
        GoldenTrees.write(renderer.openStackTree(MetadataFixtures.typical()), dir);
        String out = run("drive", dir.toString(), "--nic", "52:54:00:12:34:56=ens3", "--nic", "52:54:00:ab:cd:ef=ens4");
        assertThat(out).contains("OK: DataSourceConfigDrive claims it", "RESULT: PASS")
                .contains("\"instance-id (get_instance_id)\": \"" + UUID + "\"")
                .contains("\"hostname (get_hostname)\": \"web1\"", "\"fqdn (get_hostname fqdn=True)\": \"web1.lab.example\"")
                .contains(ED25519_BODY, RSA_BODY)
                .contains("'files': ['/etc/motd', '/opt/app/blob.bin']")
                .contains("raw: " + MetadataFixtures.USER_DATA.length + " bytes", "part text/cloud-config")
                .contains("vendor-data (after convert_vendordata: the 'cloud-init' key of a JSON object): '#cloud-config");
        String netplan = section(out, "rendered by cloud-init's netplan renderer", "rendered by cloud-init's ENI renderer");
        assertThat(netplan).contains("ens3:", "- 10.88.0.10/24", "- fd00:88::10/64", "to: 0.0.0.0/0", "via: 10.88.0.1",
                "to: ::/0", "via: fd00:88::1", "mtu: 1450", "- 10.88.0.1", "- fd00:88::53");
        assertThat(section(netplan, "ens4:", null)).contains("dhcp4: true");
        String eni = section(out, "rendered by cloud-init's ENI renderer", "rendered by cloud-init's sysconfig renderer");
        assertThat(eni).contains("dns-nameservers 10.88.0.1 fd00:88::53", "iface ens3 inet static",
                "address 10.88.0.10/24", "iface ens3 inet6 static", "address fd00:88::10/64",
                "route add -A inet6 default gw fd00:88::1", "iface ens4 inet dhcp");
        assertThat(section(out, "rendered by cloud-init's sysconfig renderer", null))
                .contains("IPADDR=10.88.0.10", "GATEWAY=10.88.0.1", "IPV6_DEFAULTGW=fd00:88::1", "BOOTPROTO=dhcp");
    }

    /**
     * The legacy interfaces file as cloud-init 22.4 meets it. Its reader resolves network_config
     * (an unreadable content path would reject the drive) and its first-boot step applies
     * {@code eni.convert_eni_data} of that text only in dsmode {@code pass}; 22.4 accepts
     * {@code pass} only for version-1 drives (a {@code meta.dsmode} of {@code pass} is "invalid" and
     * falls back to {@code net}), so the probe shows it not applied and network_data.json wins.
     * The conversion cloud-init would apply is checked directly with its own ENI parser.
     */
    @Test
    void cloudInitReadsTheLegacyInterfacesFileAndItsEniParserTakesOurAddresses() throws Exception {
        Path dir = tmp.resolve("pass");
        InstanceMetadata md = MetadataFixtures.bare().nics(MetadataFixtures.twoNics()).meta(Map.of("dsmode", "pass"))
                .build();
        MetadataTree tree = renderer.openStackTree(md);
        GoldenTrees.write(tree, dir);
        assertThat(new String(tree.files().get("openstack/content/0000"), StandardCharsets.US_ASCII))
                .contains("iface eth0 inet static\n    address 10.88.0.10\n    netmask 255.255.255.0\n"
                        + "    broadcast 10.88.0.255\n    gateway 10.88.0.1\n")
                .contains("iface eth0 inet6 static\n    address fd00:88::10\n    netmask 64\n    gateway fd00:88::1\n")
                .contains("iface eth1 inet dhcp");
        String out = run("drive", dir.toString());
        assertThat(out).contains("RESULT: PASS", "'network_config'", "'legacy ENI network_config applied': False",
                "network_data.json converted by convert_net_json");
        // cloud-init's ENI parser takes one iface stanza per interface, so nova's dual-stack form
        // (inet and inet6 stanzas for eth0, fine for ifupdown) is parsed here for an IPv4-only NIC
        Path v4 = tmp.resolve("pass-v4");
        NicConfig staticV4 = NicConfig.staticNic(MetadataFixtures.MAC_1, "lab",
                NicConfig.Ipv4Setting.of("10.88.0.10/24", "10.88.0.1"), List.of("10.88.0.1", "fd00:88::53"));
        GoldenTrees.write(renderer.openStackTree(MetadataFixtures.bare()
                .nics(List.of(staticV4, NicConfig.dhcp(MetadataFixtures.MAC_2, "default")))
                .meta(Map.of("dsmode", "pass")).build()), v4);
        String eni = python("""
                import json, sys
                from cloudinit.net import eni
                from cloudinit.sources import DataSourceConfigDrive as cd
                print(json.dumps(eni.convert_eni_data(cd.read_config_drive(sys.argv[1])["network_config"]),
                                 sort_keys=True))
                """, v4.toString());
        assertThat(eni).contains("\"name\": \"eth0\"", "\"address\": \"10.88.0.10\"",
                "\"netmask\": \"255.255.255.0\"", "\"broadcast\": \"10.88.0.255\"", "\"gateway\": \"10.88.0.1\"",
                "\"10.88.0.1\", \"fd00:88::53\"", "\"type\": \"static\"", "\"name\": \"eth1\"",
                "\"type\": \"dhcp\"");
    }

    @Test
    void withoutDsmodeCloudInitStillRendersFromNetworkDataJson() throws Exception {
        Path dir = tmp.resolve("normal");
        GoldenTrees.write(renderer.openStackTree(MetadataFixtures.bare().nics(MetadataFixtures.twoNics()).build()), dir);
        String out = run("drive", dir.toString(), "--nic", "52:54:00:12:34:56=ens3", "--nic", "52:54:00:ab:cd:ef=ens4");
        assertThat(out).contains("RESULT: PASS", "'legacy ENI network_config applied': False",
                "network_data.json converted by convert_net_json");
        assertThat(section(out, "rendered by cloud-init's ENI renderer", "rendered by cloud-init's sysconfig renderer"))
                .contains("iface ens3 inet static", "address 10.88.0.10/24", "iface ens4 inet dhcp");
    }

    @Test
    void cloudInitReadsTheHttpTreeWithoutPasswordOrFiles() throws Exception {
        Path dir = tmp.resolve("http");
        GoldenTrees.write(renderer.httpTree(MetadataFixtures.typical()), dir);
        String out = run("drive", dir.toString(), "--nic", "52:54:00:12:34:56=ens3", "--nic", "52:54:00:ab:cd:ef=ens4");
        assertThat(out).contains("RESULT: PASS", "\"instance-id (get_instance_id)\": \"" + UUID + "\"", "'files': []")
                .doesNotContain("admin_pass", MetadataFixtures.PASSWORD);
    }

    @Test
    void cloudInitAcceptsABareDriveWithoutUserData() throws Exception {
        Path dir = tmp.resolve("bare");
        GoldenTrees.write(renderer.openStackTree(MetadataFixtures.bare().build()), dir);
        String out = run("drive", dir.toString(), "--nic", "52:54:00:12:34:56=ens3");
        assertThat(out).contains("RESULT: PASS", "(no user-data)", "iface ens3 inet dhcp");
    }

    @Test
    void withoutNicsCloudInitFallsBackToDhcp() throws Exception {
        Path dir = tmp.resolve("no-nics");
        GoldenTrees.write(renderer.openStackTree(MetadataFixtures.bare().nics(List.of()).build()), dir);
        String out = run("drive", dir.toString());
        assertThat(out).contains("no network config: cloud-init falls back to DHCP on the first NIC");
    }

    @Test
    void cloudInitAcceptsTheNoCloudSeed() throws Exception {
        Path dir = tmp.resolve("nocloud");
        GoldenTrees.write(renderer.noCloudTree(MetadataFixtures.typical()), dir);
        String out = run("nocloud", dir.toString());
        assertThat(out).contains("OK: meta-data is a YAML mapping", "OK: instance-id '" + UUID + "'", "RESULT: PASS")
                .contains("\"local-hostname\": \"web1.lab.example\"", ED25519_BODY, RSA_BODY)
                .contains("user-data: " + MetadataFixtures.USER_DATA.length + " bytes");
        String netplan = section(out, "rendered by cloud-init's netplan renderer", "rendered by cloud-init's ENI renderer");
        assertThat(netplan).contains("macaddress: '52:54:00:12:34:56'", "- 10.88.0.10/24", "- fd00:88::10/64",
                "gateway6: fd00:88::1", "gateway4: 10.88.0.1", "- fd00:88::53", "set-name: eth0", "set-name: eth1");
        assertThat(section(netplan, "macaddress: 52:54:00:ab:cd:ef", null)).doesNotContain("addresses");
        // the names in the Debian files are the ones cloud-init gives the interfaces (matched by MAC)
        assertThat(section(out, "rendered by cloud-init's ENI renderer", "rendered by cloud-init's sysconfig renderer"))
                .contains("iface eth0 inet static", "address 10.88.0.10/24", "gateway 10.88.0.1",
                        "iface eth0 inet6 static", "address fd00:88::10/64", "gateway fd00:88::1",
                        "dns-nameservers 10.88.0.1 fd00:88::53", "iface eth1 inet dhcp")
                .doesNotContain("::/64 gw").doesNotContain("dns {");
    }

    @Test
    void cloudInitAcceptsAMinimalNoCloudSeed() throws Exception {
        Path dir = tmp.resolve("nocloud-bare");
        GoldenTrees.write(renderer.noCloudTree(MetadataFixtures.bare().build()), dir);
        String out = run("nocloud", dir.toString());
        assertThat(out).contains("OK: instance-id '" + UUID + "'", "user-data: 14 bytes").doesNotContain("FAIL");
    }

    private String run(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(PYTHON.toString(), probe().toString()));
        argv.addAll(List.of(args));
        return exec(argv);
    }

    /** A short script run by the system python, which sees cloud-init's package. */
    private String python(String script, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(PYTHON.toString(), "-c", script));
        argv.addAll(List.of(args));
        return exec(argv);
    }

    private String exec(List<String> argv) throws IOException, InterruptedException {
        Path log = Files.createTempFile(tmp, "probe", ".log");
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the probe did not finish in 180 s: " + argv);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("probe exit status; output:\n%s", out).isZero();
        return out;
    }

    /** The text from {@code start} up to {@code end} (or the end). */
    private static String section(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as("'%s' in:\n%s", start, text).isNotNegative();
        int to = end == null ? -1 : text.indexOf(end, from);
        return to < 0 ? text.substring(from) : text.substring(from, to);
    }
}
