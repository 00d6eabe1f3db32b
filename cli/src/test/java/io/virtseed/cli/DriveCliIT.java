package io.virtseed.cli;

import static io.virtseed.cli.DriveSpecs.ED25519;
import static io.virtseed.cli.DriveSpecs.INSTANCE;
import static io.virtseed.cli.DriveSpecs.MAC0;
import static io.virtseed.cli.DriveSpecs.MAC1;
import static io.virtseed.cli.DriveSpecs.RSA;
import static io.virtseed.cli.DriveSpecs.USER_DATA;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code virtseed drive build} and {@code drive inspect} against the real tools: cloud-init's own
 * readers and network renderers (through the project's probe script), isoinfo, blkid and
 * fsck.fat, for each drive layout; and {@code drive inspect} on drives genisoimage made.
 */
class DriveCliIT {

    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path tmp;

    private CapturedCli cli;
    private Path spec;

    @BeforeEach
    void setUp() throws IOException {
        cli = new CapturedCli(tmp.resolve("state"));
        spec = Files.writeString(tmp.resolve("drv1.yaml"), DriveSpecs.full());
    }

    @Test
    void isoDriveIsReadByCloudInitAndHasTheNamesCloudbaseInitSees() throws Exception {
        Path out = build("iso");
        String probe = probe(out);
        assertConfigDriveRead(probe);
        assertThat(probe).contains("Rock Ridge: True, Joliet: True",
                "OK: Joliet (Windows) view has openstack/latest/meta_data.json");

        String pvd = tool("isoinfo", "-d", "-i", out.toString());
        assertThat(pvd).contains("Volume id: config-2", "Joliet with UCS level", "Rock Ridge signatures");
        String joliet = tool("isoinfo", "-J", "-l", "-i", out.toString());
        assertThat(listing(joliet, "/openstack/latest/")).as(joliet).contains("meta_data.json", "network_data.json",
                "user_data", "vendor_data.json");
        assertThat(tool("blkid", "-o", "value", "-s", "LABEL", out.toString()).strip()).isEqualTo("config-2");
        assertInspectListsTheDrive(out, "iso9660, label config-2", "openstack/latest/meta_data.json");
    }

    @Test
    void vfatDriveIsReadByCloudInitAndIsACleanFatFileSystem() throws Exception {
        Path out = build("vfat");
        String probe = probe(out);
        assertConfigDriveRead(probe);
        assertThat(probe).contains("blkid: TYPE=vfat LABEL=config-2");

        assertThat(tool("fsck.fat", "-n", out.toString())).doesNotContainIgnoringCase("dirty")
                .doesNotContainIgnoringCase("error");
        assertThat(tool("blkid", "-o", "value", "-s", "LABEL", out.toString()).strip()).isEqualTo("config-2");
        assertThat(tool("blkid", "-o", "value", "-s", "TYPE", out.toString()).strip()).isEqualTo("vfat");
        assertInspectListsTheDrive(out, "vfat, label config-2", "openstack/latest/meta_data.json");
    }

    @Test
    void noCloudSeedIsReadByCloudInit() throws Exception {
        Path out = build("nocloud");
        String probe = probe(out);
        assertThat(probe).contains("RESULT: PASS", "blkid: TYPE=iso9660 LABEL=cidata", "OK: meta-data is a YAML mapping",
                "OK: instance-id '" + INSTANCE + "'", "\"local-hostname\": \"drv1.lab.example\"", ED25519, RSA,
                "user-data: " + USER_DATA.length() + " bytes");
        // NoCloud's network-config v1 matches NICs by MAC and cloud-init renames them to our ethN names
        String netplan = section(probe, "rendered by cloud-init's netplan renderer", "rendered by cloud-init's ENI");
        assertThat(section(netplan, "eth0:", "eth1:")).contains("- 10.88.0.10/24", "- 2001:db8::10/64",
                "gateway6: 2001:db8::1", "gateway4: 10.88.0.1", "macaddress: " + MAC0, "set-name: eth0",
                "- 10.88.0.1", "- 9.9.9.9");
        assertThat(section(netplan, "eth1:", null)).contains("dhcp4: true", "macaddress: " + MAC1, "set-name: eth1");
        assertThat(section(probe, "rendered by cloud-init's ENI renderer", "rendered by cloud-init's sysconfig"))
                .contains("iface eth0 inet static", "address 10.88.0.10/24", "iface eth0 inet6 static",
                        "iface eth1 inet dhcp");
        assertThat(tool("blkid", "-o", "value", "-s", "LABEL", out.toString()).strip()).isEqualTo("cidata");
        assertInspectListsTheDrive(out, "iso9660, label cidata", "meta-data", "user-data", "network-config",
                "vendor-data");
    }

    @Test
    void aPlanNetworkGivesPrefixGatewayAndDnsToAStaticNic() throws Exception {
        Files.writeString(spec, """
                networks:
                  - { name: lab, cidr: 10.88.0.0/24, dns: [ 10.88.0.53 ] }
                instances:
                  - name: drv2
                    networks:
                      - { network: lab, ip: 10.88.0.20, mac: "%s", dhcp: false }
                """.formatted(MAC0));
        Path out = build("iso");
        String eni = section(probe(out), "rendered by cloud-init's ENI renderer", "rendered by cloud-init's sysconfig");
        assertThat(eni).contains("dns-nameservers 10.88.0.53", "iface ens3 inet static", "address 10.88.0.20/24",
                "route add default gw 10.88.0.1");
    }

    @Test
    void inspectAcceptsADriveGenisoimageMade() throws Exception {
        Path image = genisoimage("{\"uuid\": \"" + INSTANCE + "\", \"hostname\": \"other\"}");
        var r = cli.run("drive", "inspect", image.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("iso9660, label config-2", "openstack/latest/meta_data.json", "valid")
                .doesNotContain("PROBLEM");
    }

    @Test
    void inspectNamesInvalidJsonInMetaData() throws Exception {
        Path image = genisoimage("{\"uuid\": \"" + INSTANCE + "\", \"hostname\": ");
        var r = cli.run("drive", "inspect", image.toString());
        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.out()).contains("PROBLEM: openstack/latest/meta_data.json is not valid JSON", "INVALID");
    }

    @Test
    void inspectNamesAMetaDataWithoutUuid() throws Exception {
        Path image = genisoimage("{\"hostname\": \"other\"}");
        var r = cli.run("drive", "inspect", image.toString());
        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.out()).contains("PROBLEM: openstack/latest/meta_data.json has no uuid", "INVALID: 1 problem(s)");
    }

    @Test
    void inspectSaysAFileIsNoDriveImage() throws Exception {
        byte[] noise = new byte[256 * 1024];
        new Random(7).nextBytes(noise);
        noise[510] = 0; // a FAT boot sector ends in 55 AA: make sure this noise cannot pass for one
        Path junk = Files.write(tmp.resolve("junk.bin"), noise);
        var r = cli.run("drive", "inspect", junk.toString());
        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("junk.bin is not a readable ISO9660 or FAT drive image")
                .doesNotContain("Exception", "\tat ");
    }

    private Path build(String format) throws IOException {
        Path out = tmp.resolve("disk." + format);
        var r = cli.run("drive", "build", spec.toString(), "-o", out.toString(), "--format", format,
                "--uuid", INSTANCE.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains(format + " drive", "instance " + INSTANCE);
        assertThat(out).isRegularFile();
        // the drive may carry the admin password
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        return out;
    }

    /** What cloud-init's ConfigDrive datasource takes from the drive, as the probe prints it. */
    private static void assertConfigDriveRead(String probe) {
        assertThat(probe).contains("RESULT: PASS", "OK: label 'config-2'", "OK: DataSourceConfigDrive claims it",
                "\"instance-id (get_instance_id)\": \"" + INSTANCE + "\"", "\"hostname (get_hostname)\": \"drv1\"",
                "\"fqdn (get_hostname fqdn=True)\": \"drv1.lab.example\"", ED25519, RSA,
                "'files': ['/etc/motd', '/etc/vs/app.conf']",
                "raw: " + USER_DATA.length() + " bytes", "part text/cloud-config",
                "(after convert_vendordata: the 'cloud-init' key of a JSON object): '#cloud-config\\nruncmd: [ [ echo, vs-vendor ] ]\\n'");
        String eni = section(probe, "rendered by cloud-init's ENI renderer", "rendered by cloud-init's sysconfig");
        assertThat(eni).contains("dns-nameservers 10.88.0.1 9.9.9.9", """
                iface ens3 inet static
                    address 10.88.0.10/24
                    post-up route add default gw 10.88.0.1""", """
                iface ens3 inet6 static
                    address 2001:db8::10/64
                    post-up route add -A inet6 default gw 2001:db8::1""", "iface ens4 inet dhcp");
        String netplan = section(probe, "rendered by cloud-init's netplan renderer", "rendered by cloud-init's ENI");
        assertThat(section(netplan, "ens3:", "ens4:")).contains("macaddress: " + MAC0, "to: 0.0.0.0/0",
                "via: 10.88.0.1", "to: ::/0", "via: 2001:db8::1");
        assertThat(section(netplan, "ens4:", null)).contains("dhcp4: true", "macaddress: " + MAC1);
    }

    private void assertInspectListsTheDrive(Path image, String header, String... files) {
        var r = cli.run("drive", "inspect", image.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains(header).contains(files).endsWith("valid" + System.lineSeparator())
                .doesNotContain("PROBLEM");
    }

    /** A config drive made the way nova makes one, from a folder with only meta_data.json. */
    private Path genisoimage(String metaData) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("tree/openstack/latest"));
        Files.writeString(dir.resolve("meta_data.json"), metaData);
        Path image = tmp.resolve("foreign.iso");
        tool("genisoimage", "-o", image.toString(), "-ldots", "-allow-lowercase", "-allow-multidot", "-l", "-quiet",
                "-J", "-r", "-V", "config-2", tmp.resolve("tree").toString());
        return image;
    }

    private static String probe(Path image) throws Exception {
        Path script = Path.of(System.getProperty("virtseed.repo", ".."))
                .resolve("../shared/tools/cloudinit-probe/ci_probe.py").toAbsolutePath().normalize();
        assertThat(script).as("the cloud-init probe script").isRegularFile();
        return tool(PYTHON, script.toString(), "image", image.toString(), "--nic", MAC0 + "=ens3", "--nic",
                MAC1 + "=ens4");
    }

    /** Runs a tool, output to a file rather than a pipe so the wait below is bounded even if it never exits. */
    private static String tool(String... argv) throws Exception {
        Path log = Files.createTempFile("vs-drive-tool", ".out");
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException(String.join(" ", argv) + " did not finish within 120 s");
            }
            String out = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(String.join(" ", argv) + "\n" + out).isZero();
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The text from the line containing {@code from} up to {@code to} (or the end). */
    private static String section(String text, String from, String to) {
        int start = text.indexOf(from);
        assertThat(start).as("'" + from + "' in:\n" + text).isNotNegative();
        int end = to == null ? -1 : text.indexOf(to, start + from.length());
        return text.substring(start, end < 0 ? text.length() : end);
    }

    /** One directory's block of an {@code isoinfo -l} listing, compared without case (ISO names are upper case). */
    private static String listing(String isoinfo, String dir) {
        return List.of(isoinfo.toLowerCase(Locale.ROOT).split("\n\\s*\n")).stream()
                .filter(b -> b.strip().startsWith("directory listing of " + dir))
                .findFirst().orElse("");
    }
}
