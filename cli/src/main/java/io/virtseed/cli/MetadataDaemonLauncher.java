package io.virtseed.cli;

import io.virtseed.core.error.ProvisionException;
import io.virtseed.core.ports.MetadataService;
import io.virtseed.network.metadata.MetadataDaemon;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts {@code virtseed serve} for a state folder when no metadata service holds its lock: a
 * process of its own ({@code setsid}, so it outlives this command and no terminal's hangup reaches
 * it) running this same JVM and class path, logging to {@code metadata.log} (0600) in the state
 * folder. It stops by itself when the state folder goes; under systemd the packaged unit runs it.
 */
final class MetadataDaemonLauncher implements MetadataService {

    private static final long START_MILLIS = 15_000;

    private final Wiring wiring;

    MetadataDaemonLauncher(Wiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public void ensureServing(Path stateRoot) {
        if (MetadataDaemon.running(stateRoot)) {
            return;
        }
        Path log = stateRoot.resolve("metadata.log");
        try {
            // the service logs instance names and addresses: the owner's alone, whatever the umask
            io.virtseed.core.state.FileModes.createPrivateFile(log);
            new ProcessBuilder(command(stateRoot)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new ProvisionException("start the metadata service", e.getMessage(), e);
        }
        long deadline = System.currentTimeMillis() + START_MILLIS;
        while (!MetadataDaemon.running(stateRoot)) {
            if (System.currentTimeMillis() > deadline) {
                throw new ProvisionException("start the metadata service", "'virtseed serve' did not take the lock of "
                        + stateRoot + " within " + START_MILLIS / 1000 + " s; see " + log, null);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProvisionException("start the metadata service", "interrupted", e);
            }
        }
        wiring.say("  started the metadata service for " + stateRoot + " (log: " + log + ")");
    }

    private static List<String> command(Path stateRoot) {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        return List.of("setsid", java, "--enable-native-access=ALL-UNNAMED", "-Dguice_bytecode_gen_option=DISABLED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--state-dir", stateRoot.toString(),
                "serve");
    }
}
