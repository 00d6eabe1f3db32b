package io.virtseed.configdrive.iso;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.metadata.MetadataTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our ISO images judged by the real tools (isoinfo, blkid, xorriso, cloud-init), and theirs read by us. */
class IsoImageToolsIT {

    private static final long TIMEOUT_SECONDS = 120;

    @TempDir
    Path dir;

    private final MetadataTree tree = IsoTestTrees.configDrive();
    private Path image;

    @BeforeEach
    void writeImage() throws IOException {
        image = dir.resolve("vs-disk.config");
        try (var out = Files.newOutputStream(image)) {
            new IsoImageWriter().write(tree, IsoOptions.configDrive().withPublisher("virtseed 0.1.0"), out);
        }
    }

    @Test
    void isoinfoSeesLabelJolietAndRockRidge() throws Exception {
        String info = run("/usr/bin/isoinfo", "-d", "-i", image.toString()).checked();

        assertThat(info).contains("Volume id: config-2", "Publisher id: virtseed 0.1.0",
                "Joliet with UCS level 3 found", "Rock Ridge signatures version 1 found");
    }

    @Test
    void isoinfoListsTheNamesOfBothTrees() throws Exception {
        String rockRidge = run("/usr/bin/isoinfo", "-l", "-R", "-i", image.toString()).checked();
        String joliet = run("/usr/bin/isoinfo", "-J", "-l", "-i", image.toString()).checked();

        for (String name : List.of("meta_data.json", "network_data.json", "user_data", "vendor_data.json",
                "meta-data.json", "2012-08-10", "2009-04-04", "0000", "0001", "README")) {
            assertThat(rockRidge).contains(" " + name + " ");
            assertThat(joliet).contains(" " + name + " ");
        }
        assertThat(rockRidge).contains("café crème.txt", "😀 smile.md", IsoTestTrees.LONG_CJK_NAME)
                .contains("-r--r--r--", "dr-xr-xr-x");
    }

    @Test
    void isoinfoExtractsTheExactBytes() throws Exception {
        for (String path : List.of("openstack/latest/meta_data.json", "openstack/latest/user_data")) {
            Result r = run("/usr/bin/isoinfo", "-R", "-x", "/" + path, "-i", image.toString());
            r.checked();
            assertThat(r.stdout()).isEqualTo(tree.get(path).orElseThrow());
        }
    }

    @Test
    void blkidReportsAnIso9660LabelledConfig2() throws Exception {
        String out = run("/usr/sbin/blkid", "-p", "-o", "export", image.toString()).checked();

        assertThat(out.lines()).contains("TYPE=iso9660", "LABEL=config-2");
    }

    @Test
    void xorrisoLoadsTheWholeTreeWithoutComplaint() throws Exception {
        Result r = run("/usr/bin/xorriso", "-abort_on", "FAILURE", "-return_with", "WARNING", "32",
                "-indev", image.toString(), "-find", "/");
        String listing = r.checked();

        for (String path : tree.files().keySet()) {
            assertThat(listing).contains("'/" + path + "'");
        }
        assertThat(r.stderr()).doesNotContain("SORRY", "FAILURE", "WARNING");
    }

    @Test
    void cloudInitAcceptsTheDrive() throws Exception {
        Path probe = Path.of(System.getProperty("virtseed.repo", "."))
                .resolve("../shared/tools/cloudinit-probe/ci_probe.py").normalize();
        assertThat(probe).exists();
        MetadataTree drive = MetadataTree.builder()
                .put("openstack/latest/meta_data.json", IsoTestTrees.META_JSON)
                .put("ec2/latest/meta-data.json", "{}")
                .build();
        Path img = dir.resolve("vs-probe.iso");
        Files.write(img, new IsoImageWriter().write(drive, IsoOptions.configDrive()));

        String out = run("/usr/bin/python3", probe.toString(), "image", img.toString()).checked();

        assertThat(out).contains(IsoTestTrees.UUID, "vs-iso", "Rock Ridge: True, Joliet: True");
    }

    @Test
    void genisoimageImagesReadBackAsTheirDirectory() throws Exception {
        MetadataTree ucs2 = IsoTestTrees.bmpOnly();
        Path src = materialise(ucs2, dir.resolve("vs-src"));
        Path iso = dir.resolve("vs-genisoimage.iso");
        run("/usr/bin/genisoimage", "-quiet", "-o", iso.toString(), "-ldots", "-allow-lowercase",
                "-allow-multidot", "-l", "-J", "-r", "-V", "config-2", "-input-charset", "utf-8",
                src.toString()).checked();

        IsoImageContents c = new IsoImageReader().read(iso);

        assertThat(c.primaryVolumeId()).isEqualTo("config-2");
        assertThat(c.jolietVolumeId()).contains("config-2");
        assertThat(c.rockRidge()).isTrue();
        assertThat(c.jolietLevel()).isEqualTo(3);
        assertThat(c.rockRidgeTree()).contains(ucs2);
        assertThat(c.jolietTree()).contains(ucs2);
    }

    @Test
    void xorrisoMkisofsImagesReadBackAsTheirDirectory() throws Exception {
        MetadataTree ucs2 = IsoTestTrees.bmpOnly();
        Path src = materialise(ucs2, dir.resolve("vs-src"));
        Path iso = dir.resolve("vs-xorriso.iso");
        run("/usr/bin/xorriso", "-as", "mkisofs", "-quiet", "-o", iso.toString(), "-J", "-r", "-V", "cidata",
                "-input-charset", "utf-8", src.toString()).checked();

        IsoImageContents c = new IsoImageReader().read(iso);

        assertThat(c.primaryVolumeId()).isEqualTo("cidata");
        assertThat(c.rockRidgeTree()).contains(ucs2);
        assertThat(c.jolietTree()).contains(ucs2);
    }

    private static Path materialise(MetadataTree t, Path root) throws IOException {
        for (Map.Entry<String, byte[]> e : t.files().entrySet()) {
            Path p = root.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
        return root;
    }

    private record Result(List<String> argv, int exit, byte[] stdout, String stderr) {
        /** Stdout as text, after checking the exit status. */
        String checked() {
            assertThat(exit).as("%s exited %d; stderr:%n%s", argv, exit, stderr).isZero();
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /** Runs argv with a timeout; output goes to files so a chatty tool cannot fill a pipe. */
    private Result run(String... argv) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(argv));
        Path out = Files.createTempFile(dir, "vs-out", ".bin");
        Path err = Files.createTempFile(dir, "vs-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("LC_ALL", "C.UTF-8"); // names are UTF-8 whatever the CI locale is
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + TIMEOUT_SECONDS + " s");
        }
        return new Result(command, p.exitValue(), Files.readAllBytes(out), Files.readString(err));
    }
}
