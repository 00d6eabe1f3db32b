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
}
