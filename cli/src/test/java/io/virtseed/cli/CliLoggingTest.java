package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

class CliLoggingTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @AfterEach
    void restore() {
        CliLogging.sink(null);
        CliLogging.threshold(Level.WARN);
    }

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void warningsAndErrorsAreWrittenAndDebugOnlyFromDebugOn() {
        CliLogging.sink(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Logger log = new CliLogging().getLoggerFactory().getLogger("vs.test.Logs");
        CliLogging.threshold(Level.WARN);
        log.debug("hidden {}", 1);
        log.info("hidden too");
        log.warn("disk {} is {}% full", "vs0", 93);
        log.error("failed", new IllegalStateException("vs-boom"));
        assertThat(log.isDebugEnabled()).isFalse();
        assertThat(log.isWarnEnabled()).isTrue();
        String out = written();
        assertThat(out).doesNotContain("hidden");
        assertThat(out).containsPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z \\[[^\\]]+\\] WARN vs\\.test\\.Logs - "
                + "disk vs0 is 93% full\n");
        assertThat(out).contains("ERROR vs.test.Logs - failed\njava.lang.IllegalStateException: vs-boom\n\tat ");

        CliLogging.threshold(Level.DEBUG);
        log.debug("shown {}", 2);
        log.trace("not shown");
        assertThat(log.isDebugEnabled()).isTrue();
        assertThat(log.isTraceEnabled()).isFalse();
        assertThat(written()).contains("DEBUG vs.test.Logs - shown 2\n").doesNotContain("not shown");
    }

    @Test
    void oneLoggerPerName() {
        var factory = new CliLogging().getLoggerFactory();
        assertThat(factory.getLogger("a")).isSameAs(factory.getLogger("a")).isNotSameAs(factory.getLogger("b"));
        assertThat(factory.getLogger("a").getName()).isEqualTo("a");
    }

    /** Run in the child JVM: as Main does, then one warning and the factory SLF4J took. */
    public static void main(String[] args) {
        CliLogging.install();
        LoggerFactory.getLogger("vs.child").warn("from the child {}", "jvm");
        System.out.println("factory " + LoggerFactory.getILoggerFactory().getClass().getName());
    }

    @Test
    void slf4jTakesTheNamedProviderAndSaysNothingAboutIt() throws Exception {
        String printed = ChildJvm.run(tmp, CliLoggingTest.class);
        assertThat(printed).contains("WARN vs.child - from the child jvm")
                .contains("factory " + CliLogging.LoggerFactory.class.getName())
                .doesNotContain("SLF4J"); // neither the notice of the named provider nor a warning
    }

    @Test
    void aProviderNamedBeforeIsLeftAsItIs() {
        ChildJvm.withProperty(CliLogging.PROVIDER_PROPERTY, "vs.named.Elsewhere", () -> {
            CliLogging.install();
            assertThat(System.getProperty(CliLogging.PROVIDER_PROPERTY)).isEqualTo("vs.named.Elsewhere");
        });
    }
}
