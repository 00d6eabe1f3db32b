package io.virtseed.samples.bench;

import io.virtseed.configdrive.ConfigDrives;
import io.virtseed.configdrive.iso.IsoImageWriter;
import io.virtseed.configdrive.iso.IsoOptions;
import io.virtseed.core.metadata.InstanceMetadata;
import io.virtseed.core.metadata.MetadataTree;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The first {@link TypicalDrive} of a fresh JVM, what one {@code virtseed up} pays: class
 * loading, JSON start-up and the interpreter, one call per fork. {@link ConfigDriveBench} has
 * the steady state. Run it with its own settings (no -f/-wi/-i on the command line).
 *
 * <pre>{@code
 * java -jar samples/target/benchmarks.jar ColdDriveBench
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(8)
public class ColdDriveBench {

    private InstanceMetadata metadata;

    @Setup
    public void setUp() {
        metadata = TypicalDrive.metadata();
    }

    /** Rendering the metadata files only, cold. */
    @Benchmark
    public MetadataTree firstTree() {
        return metadata.openStackTree();
    }

    /** Metadata to ISO image bytes, cold. */
    @Benchmark
    public byte[] firstDrive() {
        return new IsoImageWriter().write(metadata.openStackTree(),
                IsoOptions.of(IsoOptions.CONFIG_DRIVE_LABEL).withPublisher(ConfigDrives.PUBLISHER));
    }
}
