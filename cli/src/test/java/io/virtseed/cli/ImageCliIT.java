package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.virtseed.core.image.ImageDownloader;
import io.virtseed.core.spec.Datasource;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.state.Accelerator;
import io.virtseed.core.state.Phase;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.value.InstanceName;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code virtseed image} in-process, with the real qemu-img and an HTTP server on 127.0.0.1. */
class ImageCliIT {

    @TempDir
    Path tmp;

    @Test
    void importFromAUrlThenRmIsRefusedWhileAnInstanceUsesIt() throws Exception {
        byte[] image = new byte[1 << 20];
        image[0] = 1;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/vs.raw", ex -> {
            ex.sendResponseHeaders(200, image.length);
            try (var body = ex.getResponseBody()) {
                body.write(image);
            }
        });
        server.start();
        try {
            Path state = tmp.resolve("state");
            var cli = new CapturedCli(state);
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/vs.raw";
            var imported = cli.run("image", "import", "vs-img", url, "--sha256", ImageDownloader.sha256Of(image));
            assertThat(imported.exitCode()).as(imported.err()).isZero();
            assertThat(imported.out()).contains("vs-img imported (raw, 1 MiB virtual)");
            assertThat(imported.err()).contains("100%");

            var store = new InstanceStore(state);
            store.createDir(InstanceName.of("vs-uses-it"));
            store.save(new InstanceRecord(InstanceRecord.CURRENT_VERSION, "vs-uses-it", UUID.randomUUID(), "vs-img",
                    "vs-uses-it", Datasource.CONFIGDRIVE,
                MachineType.PC, Accelerator.TCG, Phase.CREATED, Instant.now(), List.of()));
            var refused = cli.run("image", "rm", "vs-img");
            assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(refused.err()).contains("image vs-img is in use by vs-uses-it");
            assertThat(cli.run("image", "ls").out()).contains("vs-img");

            store.deleteDir(InstanceName.of("vs-uses-it"));
            assertThat(cli.run("image", "rm", "vs-img").exitCode()).isZero();
            assertThat(Files.exists(state.resolve("images/vs-img"))).isFalse();
        } finally {
            server.stop(0);
        }
    }
}
