package io.virtseed.configdrive.fat;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtseed.core.metadata.MetadataTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our FAT images judged by the real tools: dosfstools, blkid, mtools, cloud-init. That a Linux
 * kernel mounts one and reads it is proven end to end, by the test guest's own kernel:
 * {@code DatasourceBootE2EIT.guestReadsTheConfigDriveFromAFatDisk} (a host's kernel may lack vfat,
 * as containers' often do).
 */
class FatImageToolsIT {

    @TempDir
    Path dir;

    private ToolRunner tools;
    private final FatImageWriter writer = new FatImageWriter();

    @BeforeEach
    void setUp() {
        tools = new ToolRunner(dir);
    }

    @ParameterizedTest
    @ValueSource(longs = {2L * 1024 * 1024, 64L * 1024 * 1024, 600L * 1024 * 1024})
    void fsckFindsOurImagesClean(long size) throws Exception {
        requireTool("fsck.fat");
        MetadataTree tree = MetadataTree.builder()
                .put("openstack/latest/meta_data.json", FatTestTrees.META_JSON)
                .put("ec2/latest/meta-data.json", "{}")
                .put("names/Mixed.Case.Name.With.Dots.txt", "m")
                .put("names/" + "y".repeat(200), "long")
                .put("names/empty", new byte[0])
                .put("content/blob", FatTestTrees.bytes(700_000, 5)).build();
        Path img = write(tree, new FatOptions("config-2", size));

        ToolRunner.Result fsck = tools.run("fsck.fat", "-n", "-v", img.toString());

        assertThat(fsck.exitCode()).as(fsck.describe()).isZero();
        assertThat(fsck.stdout() + fsck.stderr()).as(fsck.describe())
                .doesNotContainIgnoringCase("volume label")
                .doesNotContainIgnoringCase("dirty")
                .doesNotContainIgnoringCase("differ")
                .doesNotContainIgnoringCase("wrong")
                .contains("2 FATs, " + FatGeometry.forImageSize(size).type().entryBits() + " bit entries");
    }

    @Test
    void blkidSeesVfatWithTheLowerCaseLabel() throws Exception {
        requireTool("blkid");
        Path configDrive = write(FatTestTrees.configDrive(), FatOptions.withLabel("config-2"));
        Path noCloud = write(FatTestTrees.configDrive(), new FatOptions("cidata", 8L * 1024 * 1024));

        ToolRunner.Result cd = tools.run("blkid", "-p", "-o", "export", configDrive.toString());
        ToolRunner.Result nc = tools.run("blkid", "-p", "-o", "export", noCloud.toString());

        assertThat(cd.stdout().lines()).as(cd.describe()).contains("TYPE=vfat", "LABEL=config-2", "VERSION=FAT16");
        assertThat(nc.stdout().lines()).as(nc.describe()).contains("TYPE=vfat", "LABEL=cidata");
    }

    @Test
    void imageIsSparse() throws Exception {
        Path img = write(FatTestTrees.configDrive(), FatOptions.withLabel("config-2"));

        ToolRunner.Result stat = tools.run("stat", "--format=%b %B", img.toString());

        String[] blocks = stat.stdout().trim().split(" ");
        long allocated = Long.parseLong(blocks[0]) * Long.parseLong(blocks[1]);
        assertThat(allocated).as("bytes allocated for a 64 MiB image with ~3 MiB content")
                .isLessThan(8L * 1024 * 1024);
    }

    @Test
    void mtoolsListsAndCopiesBackTheExactBytes() throws Exception {
        requireTool("mcopy");
        MetadataTree tree = FatTestTrees.configDrive();
        Path img = write(tree, FatOptions.withLabel("config-2"));

        ToolRunner.Result mdir = tools.run("mdir", "-i", img.toString(), "-/", "::");
        ToolRunner.Result meta = tools.run("mcopy", "-i", img.toString(), "::/openstack/latest/meta_data.json", "-");
        Path out = Files.createDirectory(dir.resolve("vs-out"));
        ToolRunner.Result all = tools.run("mcopy", "-s", "-n", "-i", img.toString(), "::/openstack", "::/ec2", out.toString());

        assertThat(mdir.exitCode()).as(mdir.describe()).isZero();
        assertThat(mdir.stdout()).contains("meta_data.json", "META_D~1 JSO", "OPENST~1", "2012-08-10", "config-2");
        assertThat(meta.exitCode()).as(meta.describe()).isZero();
        assertThat(meta.stdoutBytes()).isEqualTo(tree.get("openstack/latest/meta_data.json").orElseThrow());
        assertThat(all.exitCode()).as(all.describe()).isZero();
        assertThat(treeOf(out)).isEqualTo(tree);
    }

    @Test
    void readerReadsAnImageMadeByMkfsAndMcopy() throws Exception {
        requireTool("mkfs.vfat");
        requireTool("mcopy");
        MetadataTree tree = MetadataTree.builder().put("openstack/latest/meta_data.json", FatTestTrees.META_JSON)
                .put("openstack/content/0000", FatTestTrees.bytes(100_000, 2))
                .put("ec2/latest/meta-data.json", "{}")
                .put("names/lower.txt", "l").put("names/UPPER.TXT", "U").put("names/Mixed.Case.txt", "M")
                .put("names/a long name with spaces.conf", "s").put("names/empty", new byte[0]).build();
        Path src = materialize(tree, Files.createDirectory(dir.resolve("vs-src")));
        Path img = dir.resolve("vs-mkfs.img");

        ToolRunner.Result mkfs = tools.run("mkfs.vfat", "-C", "-n", "config-2", img.toString(), "65536");
        List<String> mcopy = new ArrayList<>(List.of("-s", "-i", img.toString()));
        try (Stream<Path> children = Files.list(src)) {
            children.sorted().forEach(p -> mcopy.add(p.toString()));
        }
        mcopy.add("::");
        ToolRunner.Result copy = tools.run("mcopy", mcopy.toArray(String[]::new));
        assertThat(mkfs.exitCode()).as(mkfs.describe()).isZero();
        assertThat(copy.exitCode()).as(copy.describe()).isZero();

        FatImage back = new FatImageReader().read(img);

        assertThat(back.label()).isEqualTo("config-2");
        assertThat(back.type()).isEqualTo(FatType.FAT16);
        assertThat(back.tree()).isEqualTo(tree);
    }

    @Test
    void cloudInitAcceptsTheImage() throws Exception {
        Path probe = Path.of(System.getProperty("virtseed.repo", "."))
                .resolve("../shared/tools/cloudinit-probe/ci_probe.py").normalize();
        io.virtseed.core.testing.RealComponents.require(Files.isRegularFile(probe), "cloud-init probe at " + probe,
                "run the tests from a checkout beside the shared tools");
        MetadataTree tree = MetadataTree.builder()
                .put("openstack/latest/meta_data.json", FatTestTrees.META_JSON)
                .put("openstack/latest/vendor_data.json", "{}")
                .put("ec2/latest/meta-data.json", "{}").build();
        Path img = write(tree, FatOptions.withLabel("config-2"));

        ToolRunner.Result r = tools.run("/usr/bin/python3", probe.toString(), "image", img.toString());

        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).as(r.describe())
                .contains("6f1c2c1e-8a52-4c56-9d4e-3a0b9f0c1a11").contains("vs-fat").contains("config-2");
    }

    private Path write(MetadataTree tree, FatOptions opts) throws IOException {
        Path img = Files.createTempFile(dir, "vs-", ".img");
        writer.write(tree, opts, img);
        return img;
    }

    private static void requireTool(String tool) {
        io.virtseed.core.testing.RealComponents.require(ToolRunner.locate(tool).isPresent(), tool,
                "scripts/host-setup.sh installs it");
    }

    private static Path materialize(MetadataTree tree, Path root) throws IOException {
        for (Map.Entry<String, byte[]> e : tree.files().entrySet()) {
            Path p = root.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
        return root;
    }

    private static MetadataTree treeOf(Path root) throws IOException {
        MetadataTree.Builder builder = MetadataTree.builder();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                builder.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return builder.build();
    }
}
