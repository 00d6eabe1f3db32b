package io.virtseed.samples;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The module rule, checked on the compiled main classes of every module (this module depends on
 * all of them): {@code core} uses no other project module; the adapters ({@code hypervisor-libvirt},
 * {@code configdrive}, {@code network-setup}) use {@code core} only, never each other; libvirt-java
 * is used in {@code io.virtseed.libvirt.connect} only, and JNA there and in
 * {@code io.virtseed.network.netns} (entering a namespace with setns) only.
 */
class ArchitectureTest {

    /** Each module's base package; a module's classes all live below its own. */
    private static final String CORE = "io.virtseed.core..";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar")) // core's test fixtures
            .importPackages("io.virtseed");

    @ParameterizedTest
    @ValueSource(strings = {"core", "libvirt", "configdrive", "network", "cli", "samples"})
    void everyModulesMainClassesAreChecked(String module) {
        // a rule over no classes would pass for the wrong reason
        assertThat(MAIN.stream().map(JavaClass::getPackageName))
                .as("main classes of io.virtseed.%s on the test class path", module)
                .anyMatch(p -> p.equals("io.virtseed." + module) || p.startsWith("io.virtseed." + module + "."));
    }

    @Test
    void coreUsesNoOtherProjectModule() {
        noClasses().that().resideInAPackage(CORE)
                .should().dependOnClassesThat(resideInAPackage("io.virtseed..").and(resideOutsideOfPackages(CORE)))
                .because("core holds the model and the ports; the adapters depend on it, not it on them")
                .check(MAIN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"io.virtseed.libvirt..", "io.virtseed.configdrive..", "io.virtseed.network.."})
    void anAdapterUsesCoreOnly(String adapter) {
        noClasses().that().resideInAPackage(adapter)
                .should().dependOnClassesThat(resideInAPackage("io.virtseed..")
                        .and(resideOutsideOfPackages(adapter, CORE)))
                .because("adapters meet only through core's ports; cli composes them")
                .check(MAIN);
    }

    @Test
    void libvirtJavaIsUsedInTheConnectPackageOnly() {
        // and the lifecycle benchmark's yardstick, which is libvirt-java's own define + create
        noClasses().that().resideOutsideOfPackages("io.virtseed.libvirt.connect", "io.virtseed.samples.bench")
                .should().dependOnClassesThat().resideInAPackage("org.libvirt..")
                .because("one package owns the connection, its event loop and the error mapping")
                .check(MAIN);
    }

    @Test
    void jnaIsUsedWhereNativeCallsAreNeededOnly() {
        noClasses().that().resideOutsideOfPackages("io.virtseed.libvirt.connect", "io.virtseed.network.netns")
                .should().dependOnClassesThat().resideInAPackage("com.sun.jna..")
                .because("native calls stay behind the libvirt connection and the namespace entry")
                .check(MAIN);
    }
}
