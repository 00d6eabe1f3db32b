package io.virtseed.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import io.virtseed.core.Virtseed;
import io.virtseed.core.error.SpecException;
import io.virtseed.core.value.InstanceName;
import io.virtseed.embed.junit.VirtseedFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real composition, on libvirt's test driver. */
class VirtseedsTest {

    @TempDir
    Path state;

    @Test
    void theRealAdaptersReachLibvirtAndKnowNoDomainOfAnEmptyStateFolder() {
        try (Virtseeds vs = new VirtseedFactory.Real().open(new Settings(state, "test:///default"))) {
            assertThat(vs.domainXml(InstanceName.of("vs-none"))).isEmpty();
            assertThat(vs.virtseed().list()).isEmpty();
        }
    }

    @Test
    void anUnreachableLibvirtIsAHostProblemNamingTheConnection() {
        String uri = "test://" + state.resolve("no-such-driver-file.xml");
        assertThatThrownBy(() -> new VirtseedFactory.Real().open(new Settings(state, uri)))
                .isInstanceOf(HostUnavailableException.class).hasMessageStartingWith("libvirt is not reachable: ")
                .hasMessageContaining(uri);
    }

    @Test
    void theGuiceModuleHandsOutOneVirtseedOverOneSession() {
        var injector = Guice.createInjector(new VirtseedModule(new Settings(state, "test:///default")));
        try (Virtseeds vs = injector.getInstance(Virtseeds.class)) {
            assertThat(injector.getInstance(Virtseed.class)).isSameAs(vs.virtseed());
            assertThat(injector.getInstance(Virtseeds.class)).isSameAs(vs);
            assertThat(vs.virtseed().store().root()).isEqualTo(state.toAbsolutePath());
        }
    }

    @Test
    void aSpecFileOfSeveralInstancesIsRefused() throws Exception {
        Path plan = Files.writeString(state.resolve("plan.yaml"), """
                instances:
                  - { name: vs-one, image: img }
                  - { name: vs-two, image: img }
                """);
        assertThatThrownBy(() -> Virtseeds.load(plan)).isInstanceOf(SpecException.class)
                .hasMessageContaining("holds 2 instance(s)");
        assertThatThrownBy(() -> Virtseeds.load(state.resolve("none.yaml"))).isInstanceOf(SpecException.class)
                .hasMessageContaining("does not exist");
    }
}
