package io.virtseed.libvirt.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.error.HypervisorException;
import io.virtseed.core.value.InstanceName;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** virtseed's tag as {@code virDomainGetMetadata} hands it out, read on its own. */
class DomainTagTest {

    private final DomainXmlReader reader = new DomainXmlReader();

    @Test
    void readsTheTagAsLibvirtReturnsItWithItsNamespaceStripped() {
        // what qemu:///system and test:///default return for our namespace
        String xml = "<instance><name>vs-a</name><state-dir>/var/lib/virtseed</state-dir></instance>";
        assertThat(reader.readTag(xml, "vs-a"))
                .contains(new Ownership(InstanceName.of("vs-a"), Path.of("/var/lib/virtseed")));
    }

    @Test
    void readsTheTagWithItsNamespaceToo() {
        String xml = "<v:instance xmlns:v=\"" + Ownership.NAMESPACE + "\"><v:name>vs-a</v:name>"
                + "<v:state-dir>/srv/vs</v:state-dir></v:instance>";
        assertThat(reader.readTag(xml, "vs-a")).contains(new Ownership(InstanceName.of("vs-a"), Path.of("/srv/vs")));
    }

    @Test
    void refusesAnotherElementOrATagWithoutItsStateFolder() {
        assertThatThrownBy(() -> reader.readTag("<other/>", "vs-a")).isInstanceOf(HypervisorException.class)
                .hasMessageContaining("not a virtseed tag");
        assertThatThrownBy(() -> reader.readTag("<x:instance xmlns:x=\"urn:other\"><x:name>vs-a</x:name></x:instance>",
                "vs-a")).isInstanceOf(HypervisorException.class);
        assertThatThrownBy(() -> reader.readTag("<instance><name>vs-a</name></instance>", "vs-a"))
                .hasMessageContaining("without name or state-dir");
    }

    @Test
    void theFormLibvirtHandsOutIsReadWithoutDomAndAsDomReadsIt() {
        // as qemu:///system returns it (virsh metadata DOMAIN NAMESPACE), and as the test driver may
        String libvirt = "<instance>\n  <name>vs-a</name>\n  <state-dir>%s</state-dir>\n</instance>\n";
        for (String dir : java.util.List.of("/var/lib/virtseed", "/tmp/a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos;",
                "/srv/with space/x", "/srv/caf\u00e9/\u6f22", "  /srv/padded  ", "/srv/a>b")) {
            String xml = libvirt.formatted(dir);
            assertThat(DomainXmlReader.plainTag(xml)).as(xml).isPresent();
            assertThat(reader.readTag(xml, "vs-a")).as(xml).isEqualTo(reader.readTagByDom(xml, "vs-a"));
        }
        assertThat(reader.readTag(libvirt.formatted("/tmp/a&amp;b"), "vs-a"))
                .contains(new Ownership(InstanceName.of("vs-a"), Path.of("/tmp/a&b")));
    }

    @Test
    void everyOtherFormIsLeftToDomWhichGivesTheSameAnswerOrError() {
        java.util.List<String> others = java.util.List.of(
                "<v:instance xmlns:v=\"" + Ownership.NAMESPACE + "\"><v:name>vs-a</v:name><v:state-dir>/s</v:state-dir></v:instance>",
                "<instance><state-dir>/s</state-dir><name>vs-a</name></instance>", // the other order
                "<instance a=\"1\"><name>vs-a</name><state-dir>/s</state-dir></instance>",
                "<instance><name>vs-a</name><state-dir>/s&#47;t</state-dir></instance>",
                "<instance><name>vs-a</name><state-dir>/s&nbsp;</state-dir></instance>",
                "<instance><name>vs-a</name><state-dir>/s\r\nx</state-dir></instance>",
                "<instance><name>vs-a</name><state-dir><![CDATA[/s]]></state-dir></instance>",
                "<instance><name>vs-a</name><state-dir>/s]]></state-dir></instance>",
                "<instance><name>vs-a</name><state-dir>/s</state-dir></instance><!-- x -->",
                "<instance><name>vs-a</name><state-dir>/s</state-dir><extra/></instance>",
                "<instance><name>vs-a</name><name>vs-b</name><state-dir>/s</state-dir></instance>",
                "<instance><name>vs-a</name><state-dir>/s\u0001</state-dir></instance>",
                "<instance><name>vs-a</name><state-dir>/s</state-dir>", "<instance><name>vs-a</name></instance>",
                "<other/>", "");
        for (String xml : others) {
            assertThat(DomainXmlReader.plainTag(xml)).as(xml).isEmpty();
            Object byDom;
            try {
                byDom = reader.readTagByDom(xml, "vs-a");
            } catch (HypervisorException e) {
                assertThatThrownBy(() -> reader.readTag(xml, "vs-a")).as(xml).hasMessage(e.getMessage());
                continue;
            }
            assertThat(reader.readTag(xml, "vs-a")).as(xml).isEqualTo(byDom);
        }
        // a bad name in the plain form: the same error as by DOM
        String bad = "<instance>\n  <name>bad name!</name>\n  <state-dir>/s</state-dir>\n</instance>";
        assertThat(DomainXmlReader.plainTag(bad)).isPresent();
        assertThatThrownBy(() -> reader.readTagByDom(bad, "vs-a")).isInstanceOf(HypervisorException.class)
                .satisfies(e -> assertThatThrownBy(() -> reader.readTag(bad, "vs-a")).hasMessage(e.getMessage()));
    }
}
