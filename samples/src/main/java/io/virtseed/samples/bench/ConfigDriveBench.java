package io.virtseed.samples.bench;

import io.virtseed.configdrive.ConfigDrives;
import io.virtseed.configdrive.fat.FatImageWriter;
import io.virtseed.configdrive.fat.FatOptions;
import io.virtseed.configdrive.iso.IsoImageWriter;
import io.virtseed.configdrive.iso.IsoOptions;
import io.virtseed.core.metadata.InstanceMetadata;
import io.virtseed.core.metadata.MetadataTree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long building one {@link TypicalDrive} takes in process, from {@link InstanceMetadata} to
 * image bytes; run with {@code -prof gc} for the bytes allocated per drive
 * ({@code gc.alloc.rate.norm}). {@link NovaWayBench} times the same drive built nova's way.
 *
 * <pre>{@code
 * java -jar samples/target/benchmarks.jar ConfigDriveBench -prof gc
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConfigDriveBench {

    private final IsoImageWriter iso = new IsoImageWriter();
    private final FatImageWriter fat = new FatImageWriter();
    private final IsoOptions isoOptions = IsoOptions.of(IsoOptions.CONFIG_DRIVE_LABEL)
            .withPublisher(ConfigDrives.PUBLISHER);
    private final FatOptions fatOptions = FatOptions.withLabel(IsoOptions.CONFIG_DRIVE_LABEL);
    private final DiscardingChannel sink = new DiscardingChannel();
    private InstanceMetadata metadata;
    private Path workDir;

    @Setup
    public void setUp() throws IOException {
        metadata = TypicalDrive.metadata();
        workDir = Files.createTempDirectory("vs-bench-");
    }

    @TearDown
    public void tearDown() throws IOException {
        Files.deleteIfExists(workDir.resolve("disk.config"));
        Files.deleteIfExists(workDir);
    }

    /** Rendering the metadata files only: JSON documents and the tree. */
    @Benchmark
    public MetadataTree treeOnly() {
        return metadata.openStackTree();
    }

    /** The whole drive as one array: the figure compared with genisoimage. */
    @Benchmark
    public byte[] isoInProcess() {
        return iso.write(metadata.openStackTree(), isoOptions);
    }

    /** The whole drive streamed to a channel that drops it: no image-sized array. */
    @Benchmark
    public long isoToChannel() throws IOException {
        return iso.write(metadata.openStackTree(), isoOptions, sink);
    }

    /** A 64 MiB FAT drive written to a temp file (sparse, fsync, rename), for comparison. */
    @Benchmark
    public Path vfatInProcess() throws IOException {
        Path out = workDir.resolve("disk.config");
        fat.write(metadata.openStackTree(), fatOptions, out);
        return out;
    }

    /** Accepts and forgets every byte, so only the writer's own work is measured. */
    private static final class DiscardingChannel implements WritableByteChannel {
        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            src.position(src.limit());
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
            // nothing to release
        }
    }
}
