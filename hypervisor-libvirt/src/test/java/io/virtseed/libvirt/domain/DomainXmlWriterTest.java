package io.virtseed.libvirt.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.value.InstanceName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DomainXmlWriterTest {

    private final DomainXmlWriter writer = new DomainXmlWriter();
    private final DomainXmlReader reader = new DomainXmlReader();

    @Test
    void pcWithIsoKernelBootAndNicMatchesGolden() throws IOException {
        assertThat(writer.write(SampleDomains.pcIsoDomain())).isEqualTo(golden("pc-iso-kernel.xml"));
    }

    @Test
    void q35WithVfatMatchesGolden() throws IOException {
        assertThat(writer.write(SampleDomains.q35VfatDomain())).isEqualTo(golden("q35-vfat.xml"));
    }

    @Test
    void q35WithUefiMatchesGolden() throws IOException {
        assertThat(writer.write(SampleDomains.q35UefiDomain())).isEqualTo(golden("q35-uefi.xml"));
    }

    @Test
    void roundTripKeepsEverythingTheReaderKnows() {
        for (Domain d : new Domain[] {SampleDomains.pcIsoDomain(), SampleDomains.q35VfatDomain()}) {
            DomainSummary read = reader.read(writer.write(d));
            assertThat(read).isEqualTo(DomainSummary.of(d));
            assertThat(read.ownership()).contains(d.ownership().orElseThrow());
        }
    }

    @Test
    void roundTripReadsNicsDisksAndConsole() {
        DomainSummary s = reader.read(writer.write(SampleDomains.pcIsoDomain()));
        assertThat(s.consoleLog()).contains(Path.of("/var/lib/virtseed/vs-web1/console.log"));
        assertThat(s.nics()).singleElement().satisfies(n -> {
            assertThat(n.type()).isEqualTo("bridge");
            assertThat(n.source()).contains("vs-abc123");
            assertThat(n.mac()).contains("52:54:00:12:34:56");
        });
        assertThat(s.disks()).extracting(DomainSummary.DiskSummary::source).containsExactly(
                Optional.of(Path.of("/var/lib/virtseed/vs-web1/disk.qcow2")),
                Optional.of(Path.of("/var/lib/virtseed/vs-web1/disk.config")));
        assertThat(s.disks().get(1).readonly()).isTrue();
    }

    @Test
    void escapesMarkupInPathsAndCmdline() {
        Path odd = Path.of("/srv/a&b <c> 'd' \"e\"/vm");
        Domain d = withOddValues(odd, "console=ttyS0 x=\"1&2\" y='<3>'");
        String xml = writer.write(d);

        assertThat(xml).contains("<cmdline>console=ttyS0 x=\"1&amp;2\" y='&lt;3&gt;'</cmdline>")
                .contains("/srv/a&amp;b &lt;c")
                .doesNotContain("a&b");
        DomainSummary s = reader.read(xml);
        assertThat(s.ownership().orElseThrow().stateDir()).isEqualTo(odd);
        assertThat(s.disks().get(0).source()).contains(odd.resolve("disk.qcow2"));
        assertThat(s.consoleLog()).contains(odd.resolve("console.log"));
        assertThat(s).isEqualTo(DomainSummary.of(d));
    }

    @ParameterizedTest
    @ValueSource(strings = {"console=ttyS0\nroot=/dev/vda", "a\u0000b", "tab\there"})
    void refusesControlCharactersXmlCannotCarry(String cmdline) {
        assertThatThrownBy(() -> writer.write(withOddValues(Path.of("/srv/vm"), cmdline)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control character")
                .hasMessageContaining("cmdline");
    }

    @Test
    void readerFindsOwnershipByNamespaceNotPrefix() {
        String xml = """
                <domain type='qemu'><name>vs-x</name><uuid>3b1c2d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d</uuid>
                  <metadata><other:note xmlns:other='urn:x'>hi</other:note>
                    <vs:instance xmlns:vs='https://virtseed.io/xmlns/domain/1'>
                      <vs:name>vs-x</vs:name><vs:state-dir>/var/lib/virtseed/instances/vs-x</vs:state-dir></vs:instance>
                  </metadata><devices/></domain>""";
        Ownership o = reader.read(xml).ownership().orElseThrow();
        assertThat(o).isEqualTo(new Ownership(InstanceName.of("vs-x"), Path.of("/var/lib/virtseed/instances/vs-x")));
        // a tag from before the state folder was recorded names the instance's folder under it
        assertThat(o.belongsTo(Path.of("/var/lib/virtseed"))).isTrue();
        assertThat(o.belongsTo(Path.of("/var/lib"))).isFalse();
        assertThat(o.belongsTo(Path.of("/tmp/other"))).isFalse();
    }

    @Test
    void readerSeesNoOwnerOnForeignDomains() {
        String xml = """
                <domain type='kvm'><name>someone-else</name><uuid>3b1c2d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d</uuid>
                  <metadata><app:instance xmlns:app='https://example.org/1'><app:name>x</app:name></app:instance></metadata>
                  <devices><interface type='user'><mac address='52:54:00:00:00:01'/></interface>
                    <disk type='file' device='cdrom'><target dev='hdc' bus='ide'/></disk></devices></domain>""";
        DomainSummary s = reader.read(xml);
        assertThat(s.ownership()).isEmpty();
        assertThat(s.nics()).singleElement().satisfies(n -> assertThat(n.source()).isEmpty());
        assertThat(s.disks()).singleElement().satisfies(k -> assertThat(k.source()).isEmpty());
        assertThat(s.consoleLog()).isEmpty();
    }

    @Test
    void readerRefusesDoctypes() {
        String xml = "<!DOCTYPE domain [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                + "<domain><name>&x;</name><uuid>3b1c2d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d</uuid></domain>";
        assertThatThrownBy(() -> reader.read(xml)).hasMessageContaining("unreadable domain XML");
    }

    private static Domain withOddValues(Path dir, String cmdline) {
        Domain base = SampleDomains.pcIsoDomain();
        OsConfig os = new OsConfig("x86_64", "pc", Optional.of(dir.resolve("vmlinuz")), Optional.empty(),
                Optional.of(cmdline), base.os().bootOrder(), true);
        Devices devices = new Devices(Optional.empty(),
                java.util.List.of(new Disk(Disk.Device.DISK, Disk.Format.QCOW2, dir.resolve("disk.qcow2"), "vda",
                        Disk.Bus.VIRTIO, false)),
                base.devices().interfaces(), Optional.of(new SerialConsole(dir.resolve("console.log"), true)),
                Devices.MemBalloon.NONE, Optional.empty());
        return new Domain(base.type(), base.name(), base.uuid(), base.memoryKib(), base.vcpus(), os, base.features(),
                base.cpu(), base.sysinfo(), base.lifecycle(), devices,
                Optional.of(new Ownership(InstanceName.of("vs-web1"), dir)));
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = DomainXmlWriterTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden file " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
