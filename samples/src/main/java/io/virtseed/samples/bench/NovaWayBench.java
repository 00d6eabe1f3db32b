package io.virtseed.samples.bench;

import io.virtseed.configdrive.ConfigDrives;
import io.virtseed.configdrive.iso.IsoImageContents;
import io.virtseed.configdrive.iso.IsoImageReader;
import io.virtseed.configdrive.iso.IsoImageWriter;
import io.virtseed.configdrive.iso.IsoOptions;
import io.virtseed.core.metadata.InstanceMetadata;
import io.virtseed.core.metadata.MetadataTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times building the {@link TypicalDrive} nova's way ({@link NovaWay}: files, genisoimage,
 * cleanup) from the same {@link InstanceMetadata} {@link ConfigDriveBench} starts from, and
 * checks that genisoimage's image holds the same files as the in-process one. Prints
 * {@code name value} lines for {@code samples/bench/drive-bench.sh}.
 *
 * <pre>{@code
 * java -cp samples/target/benchmarks.jar io.virtseed.samples.bench.NovaWayBench --runs 50 --warmup 5
 * }</pre>
 */
public final class NovaWayBench {

    private final NovaWay nova;
    private final int runs;
    private final int warmup;

    NovaWayBench(NovaWay nova, int runs, int warmup) {
        if (runs < 1 || warmup < 0) {
            throw new IllegalArgumentException("runs must be at least 1 and warmup at least 0, got " + runs
                    + " and " + warmup);
        }
        this.nova = nova;
        this.runs = runs;
        this.warmup = warmup;
    }

    public static void main(String[] args) throws Exception {
        int runs = 50;
        int warmup = 5;
        String program = "genisoimage";
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(required(args[i], value));
                case "--warmup" -> warmup = Integer.parseInt(required(args[i], value));
                case "--genisoimage" -> program = required(args[i], value);
                default -> throw new IllegalArgumentException("unknown option '" + args[i]
                        + "': use --runs N, --warmup N, --genisoimage PROGRAM");
            }
            i++;
        }
        NovaWay nova = new NovaWay(program, ConfigDrives.PUBLISHER, IsoOptions.CONFIG_DRIVE_LABEL);
        new NovaWayBench(nova, runs, warmup).run(TypicalDrive.metadata());
    }

    void run(InstanceMetadata metadata) throws IOException, InterruptedException {
        MetadataTree tree = metadata.openStackTree();
        byte[] ours = new IsoImageWriter().write(tree,
                IsoOptions.of(IsoOptions.CONFIG_DRIVE_LABEL).withPublisher(ConfigDrives.PUBLISHER));
        Path dir = Files.createTempDirectory("vs-nova-bench-");
        Path out = dir.resolve("disk.config");
        try {
            for (int i = 0; i < warmup; i++) {
                timeOne(metadata, out);
            }
            double[] millis = new double[runs];
            for (int i = 0; i < runs; i++) {
                millis[i] = timeOne(metadata, out);
            }
            report(tree, ours, out, millis);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(dir);
        }
    }

    /** One drive from metadata to image file, as nova makes it; milliseconds. */
    private double timeOne(InstanceMetadata metadata, Path out) throws IOException, InterruptedException {
        long start = System.nanoTime();
        nova.build(metadata.openStackTree(), out);
        return (System.nanoTime() - start) / 1e6;
    }

    private void report(MetadataTree tree, byte[] ours, Path theirs, double[] millis) throws IOException {
        IsoImageReader reader = new IsoImageReader();
        IsoImageContents fromGenisoimage = reader.read(theirs);
        IsoImageContents fromUs = reader.read(ours);
        boolean same = fromGenisoimage.rockRidgeTree().equals(fromUs.rockRidgeTree())
                && fromGenisoimage.jolietTree().equals(fromUs.jolietTree())
                && fromUs.rockRidgeTree().map(tree::equals).orElse(false);
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "tree.files %d%n", tree.size());
        System.out.printf(Locale.ROOT, "tree.bytes %d%n", tree.contentBytes());
        System.out.printf(Locale.ROOT, "image.bytes.inprocess %d%n", ours.length);
        System.out.printf(Locale.ROOT, "image.bytes.genisoimage %d%n", Files.size(theirs));
        System.out.printf(Locale.ROOT, "image.same-files %s%n", same);
        System.out.printf(Locale.ROOT, "nova.runs %d%n", runs);
        System.out.printf(Locale.ROOT, "nova.ms.mean %.3f%n", Arrays.stream(millis).average().orElseThrow());
        System.out.printf(Locale.ROOT, "nova.ms.median %.3f%n", sorted[sorted.length / 2]);
        System.out.printf(Locale.ROOT, "nova.ms.min %.3f%n", sorted[0]);
        System.out.printf(Locale.ROOT, "nova.ms.max %.3f%n", sorted[sorted.length - 1]);
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
