package io.virtseed.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.RunningInstance;
import io.virtseed.core.ports.MachineState;
import io.virtseed.embed.Virtseeds;
import io.virtseed.embed.junit.VirtseedInstance;
import io.virtseed.embed.junit.VirtseedTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The JUnit 5 extension on a real guest: {@code @VirtseedTest} makes a state folder for the class,
 * the field's instance is booted from {@code embed-guest.yaml} and waited for before the test,
 * and removed after it. {@link NothingLeft}, registered before the extension and so finishing
 * after it, checks that the guest, its network and the state folder are gone.
 */
@Tag("e2e")
@ExtendWith(EmbeddedGuestE2EIT.NothingLeft.class)
@VirtseedTest
class EmbeddedGuestE2EIT {

    private static final String NAME = "vs-e2e-embed";

    /** What the test saw the extension make, for {@link NothingLeft} to look for afterwards. */
    static final List<Path> STATE_DIRS = new CopyOnWriteArrayList<>();
    static final List<String> BRIDGES = new CopyOnWriteArrayList<>();
    static final List<String> NAMESPACES = new CopyOnWriteArrayList<>();

    @VirtseedInstance(spec = "embed-guest.yaml", waitReady = "PT10M")
    RunningInstance guest;

    @Test
    void theGuestBootsWithTheHostnameCloudInitSet(Virtseeds virtseeds) {
        STATE_DIRS.add(virtseeds.virtseed().store().root());
        virtseeds.virtseed().networks().list().forEach(n -> {
            BRIDGES.add(n.bridge());
            NAMESPACES.add(n.namespace());
        });
        assertThat(STATE_DIRS.get(0).toString()).startsWith("/tmp/vs-junit-");
        assertThat(BRIDGES).as("the default network up made").hasSize(1);

        assertThat(guest.name().value()).isEqualTo(NAME);
        assertThat(guest.owned()).isTrue();
        assertThat(guest.view().state()).contains(MachineState.RUNNING);
        assertThat(guest.addresses()).singleElement().satisfies(a -> {
            assertThat(a.network()).isEqualTo("default");
            assertThat(a.ipv4()).isPresent();
        });
        // written by the user data's runcmd, and asked over SSH with the key virtseed made for the guest
        assertThat(guest.logs()).containsPattern("VS_EMBED hostname=" + NAME + "(\\.virtseed\\.test)?\\s");
        RunningInstance.ExecResult hostname = guest.exec("hostname");
        assertThat(hostname.exitCode()).as(hostname.stderr()).isZero();
        assertThat(hostname.stdout().strip()).isEqualTo(NAME);
    }

    /** After the class: no domain, no bridge, no namespace, no state folder. */
    static final class NothingLeft implements AfterAllCallback {
        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            assertThat(STATE_DIRS).as("the test ran").isNotEmpty();
            assertThat(run("virsh", "-c", "qemu:///system", "list", "--all", "--name")).doesNotContain(NAME);
            String links = run("ip", "-o", "link", "show");
            BRIDGES.forEach(b -> assertThat(links).as("bridge " + b).doesNotContain(" " + b + ":"));
            String namespaces = run("ip", "netns", "list");
            NAMESPACES.forEach(n -> assertThat(namespaces).as("namespace " + n).doesNotContain(n));
            STATE_DIRS.forEach(d -> assertThat(d).as("the class's state folder").doesNotExist());
        }

        /** A command's output; it must succeed, so that "nothing listed" cannot mean "could not list". */
        private static String run(String... command) throws Exception {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(String.join(" ", command) + ":\n" + out).isZero();
            return out;
        }
    }
}
