package io.virtseed.network.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** cloud-init's own readers (the project's probe script), run from a guest namespace. */
final class Probe {

    private Probe() {
    }

    static Path script() {
        Path repo = Path.of(System.getProperty("virtseed.repo", "..")).toAbsolutePath();
        // shared/ sits beside the clone; a git worktree sits one level further down
        for (String up : List.of("..", "../..")) {
            Path p = repo.resolve(up).resolve("shared/tools/cloudinit-probe/ci_probe.py").normalize();
            if (java.nio.file.Files.isRegularFile(p)) {
                return p;
            }
        }
        Path p = repo.resolve("../shared/tools/cloudinit-probe/ci_probe.py").normalize();
        assertThat(p).as("the cloud-init probe script").isRegularFile();
        return p;
    }

    static TestNetwork.Result run(TestNetwork.Guest g, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", g.namespace(), "/usr/bin/python3",
                script().toString()));
        cmd.addAll(List.of(args));
        return TestNetwork.exec(cmd);
    }
}
