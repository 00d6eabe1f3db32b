package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A test's own main class in a fresh JVM (this JVM's java and class path), for what a process sets once. */
final class ChildJvm {

    private ChildJvm() {
    }

    /** Runs {@code main}'s {@code main(args)} and returns what it printed (standard output and error); it must exit 0. */
    static String run(Path tmp, Class<?> main, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        argv.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "vs-child-", ".txt");
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(main.getName() + " did not end within 60 s");
        }
        String printed = Files.readString(out);
        assertThat(p.exitValue()).as(printed).isZero();
        return printed;
    }

    /** Runs {@code body} with the system property set to {@code value}, then puts back what was there. */
    static void withProperty(String key, String value, Runnable body) {
        String before = System.getProperty(key);
        try {
            System.setProperty(key, value);
            body.run();
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }
}
