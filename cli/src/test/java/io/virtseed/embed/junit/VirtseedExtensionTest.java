package io.virtseed.embed.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.virtseed.core.RunningInstance;
import io.virtseed.core.value.InstanceName;
import io.virtseed.embed.Virtseeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The extension run by JUnit itself (EngineTestKit) on the example classes below, over the fake
 * hypervisor. The example classes run only from here ({@link OnlyInTestKit}).
 */
class VirtseedExtensionTest {

    @TempDir
    Path failures;

    /** What the example tests saw: "method:name:uuid" per instance. */
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @BeforeEach
    void reset() {
        Fakes.reset();
        SEEN.clear();
    }

    private EngineExecutionResults run(Class<?> type, Map<String, String> parameters) {
        var results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(type))
                .configurationParameter(OnlyInTestKit.PARAMETER, "true")
                .configurationParameter(VirtseedExtension.FAILURES_PARAMETER, failures.toString())
                .configurationParameters(parameters).execute();
        // why an example failed, for when an assertion on the statistics does not expect it
        results.allEvents().failed().stream().forEach(e -> throwable(e).printStackTrace());
        return results;
    }

    @ExtendWith(OnlyInTestKit.class)
    @VirtseedTest(factory = Fakes.class)
    static class Boots {
        @VirtseedInstance(spec = "embed/vs-junit-a.yaml")
        RunningInstance perMethod;

        @VirtseedInstance(spec = "classpath:embed/vs-junit-b.yaml", lifecycle = VirtseedInstance.Lifecycle.PER_CLASS)
        static RunningInstance perClass;

        @Test
        void one() {
            seen("one");
        }

        @Test
        void two() {
            seen("two");
        }

        private void seen(String method) {
            assertThat(Fakes.hypervisor.state(perMethod.name())).isPresent();
            assertThat(Fakes.hypervisor.state(perClass.name())).isPresent();
            SEEN.add(method + ":" + perMethod.name() + ":" + perMethod.uuid());
            SEEN.add(method + ":" + perClass.name() + ":" + perClass.uuid());
        }
    }

    @Test
    void fieldsAreBootedPerMethodOrPerClassAndEverythingGoesAfter() {
        run(Boots.class, Map.of()).testEvents().assertStatistics(s -> s.started(2).succeeded(2));

        assertThat(SEEN).hasSize(4);
        List<String> a = SEEN.stream().filter(s -> s.contains(":vs-junit-a:")).toList();
        List<String> b = SEEN.stream().filter(s -> s.contains(":vs-junit-b:")).toList();
        // per method: a new instance each time (a new uuid); per class: the same one twice
        assertThat(a.stream().map(VirtseedExtensionTest::uuid).distinct()).hasSize(2);
        assertThat(b.stream().map(VirtseedExtensionTest::uuid).distinct()).hasSize(1);
        assertThat(Fakes.hypervisor.owned()).isEmpty();
        assertThat(Fakes.stateDir).as("the state folder made for the class").doesNotExist();
        assertThat(Fakes.stateDir.toString()).startsWith("/tmp/vs-junit-");
    }

    private static UUID uuid(String seen) {
        return UUID.fromString(seen.substring(seen.lastIndexOf(':') + 1));
    }

    @ExtendWith(OnlyInTestKit.class)
    @VirtseedTest(factory = Fakes.class)
    static class Parameters {
        @Test
        void instanceAndSession(@VirtseedInstance(spec = "embed/vs-junit-a.yaml") RunningInstance vm, Virtseeds vs) {
            assertThat(vs.virtseed().list()).extracting(v -> v.record().name()).containsExactly("vs-junit-a");
            assertThat(vm.owned()).isTrue();
            SEEN.add("param:" + vm.name() + ":" + vm.uuid());
        }
    }

    @Test
    void aParameterIsBootedForItsMethodAndTheSessionToo() {
        run(Parameters.class, Map.of()).testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(SEEN).hasSize(1);
        assertThat(Fakes.hypervisor.owned()).isEmpty();
    }

    @Test
    void aHostThatCannotRunGuestsSkipsTheClassWithTheReason() {
        Fakes.refusal = "not root: qemu:///system needs root";
        var results = run(Boots.class, Map.of(VirtseedExtension.CI_PARAMETER, "false"));

        results.testEvents().assertStatistics(s -> s.started(0));
        List<Event> aborted = results.containerEvents().aborted().list();
        assertThat(aborted).singleElement().satisfies(e -> assertThat(throwable(e).getMessage())
                .isEqualTo("virtseed cannot boot instances here: not root: qemu:///system needs root"));
        assertThat(Fakes.stateDir).as("the state folder made for the class").doesNotExist();
    }

    @Test
    void underCiAHostThatCannotRunGuestsFailsTheClass() {
        Fakes.refusal = "libvirt is not reachable: no daemon";
        var results = run(Boots.class, Map.of(VirtseedExtension.CI_PARAMETER, "true"));

        results.containerEvents().aborted().assertStatistics(s -> s.aborted(0));
        results.containerEvents().assertThatEvents().haveExactly(1, event(container(Boots.class),
                finishedWithFailure(message(m -> m.startsWith("virtseed cannot boot instances here: libvirt is not"
                        + " reachable: no daemon") && m.contains("CI=true")))));
    }

    private static Throwable throwable(Event e) {
        return e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }

    @ExtendWith(OnlyInTestKit.class)
    @VirtseedTest(factory = Fakes.class)
    static class Fails {
        @VirtseedInstance(spec = "embed/vs-junit-a.yaml")
        RunningInstance vm;

        @Test
        void broken() throws Exception {
            Files.writeString(vm.view().dir().resolve("console.log"), "login: the guest's last words\n");
            SEEN.add("broken:" + vm.name() + ":" + vm.uuid());
            throw new AssertionError("the guest said the wrong thing");
        }

        @Test
        void fine() {
        }
    }

    @Test
    void aFailedTestLeavesTheConsoleLogAndDomainXmlAndItsInstanceIsRemovedAnyway() throws Exception {
        var results = run(Fails.class, Map.of());
        results.testEvents().assertStatistics(s -> s.failed(1).succeeded(1));
        results.testEvents().assertThatEvents().haveExactly(1, event(test("broken"),
                finishedWithFailure(message("the guest said the wrong thing"))));

        Path dir = failures.resolve(FailureReport.safe(Fails.class.getName())).resolve("broken");
        assertThat(dir.resolve("vs-junit-a.console.log")).hasContent("login: the guest's last words");
        assertThat(dir.resolve("vs-junit-a.domain.xml")).content()
                .contains("<name>vs-junit-a</name>", uuid(SEEN.get(0)).toString());
        assertThat(Files.getPosixFilePermissions(dir.resolve("vs-junit-a.console.log")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(failures.resolve(FailureReport.safe(Fails.class.getName())).resolve("fine")).as("a passing test's report").doesNotExist();
        assertThat(Fakes.hypervisor.owned()).isEmpty();
        assertThat(Fakes.hypervisor.state(InstanceName.of("vs-junit-a"))).isEmpty();
    }

    @ExtendWith(OnlyInTestKit.class)
    @VirtseedTest(factory = Fakes.class)
    static class MissingSpec {
        @Test
        void boot(@VirtseedInstance(spec = "embed/no-such.yaml") RunningInstance vm) {
        }
    }

    @Test
    void aSpecThatIsNowhereFailsTheTestNamingIt() {
        run(MissingSpec.class, Map.of()).testEvents().assertThatEvents().haveExactly(1, event(test("boot"),
                finishedWithFailure(message(m -> m.contains("spec 'embed/no-such.yaml' is neither a file")
                        && m.contains("nor a class path resource")))));
    }

    @Test
    void theFailureFolderNameCannotClimbOut() {
        assertThat(FailureReport.safe("../../etc")).isEqualTo(".._.._etc");
        assertThat(FailureReport.safe("..")).isEqualTo("_");
        assertThat(FailureReport.safe("ok-name_1.2")).isEqualTo("ok-name_1.2");
    }
}
