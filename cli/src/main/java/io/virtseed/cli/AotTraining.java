package io.virtseed.cli;

import io.virtseed.core.spec.Datasource;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.state.Accelerator;
import io.virtseed.core.state.FileModes;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.state.Phase;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.MacAddress;
import io.virtseed.libvirt.daemon.DaemonPaths;
import io.virtseed.libvirt.daemon.LibvirtDaemon;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The training run of the build's AOT cache ({@code -XX:AOTCacheOutput}): runs the commands whose
 * start-up matters, in one process, so their classes are loaded and linked ahead of time. Nothing
 * it does leaves its temporary folder; {@code up}, {@code ls} and {@code down} talk to libvirt's
 * in-memory test driver; the lean cache's training also lists the system daemon's domains, where
 * there is one. A run that fails (no qemu-img or libvirt library on the build host) only leaves
 * its classes out of the cache.
 *
 * <p>With {@code --lean} it trains the second cache, for {@code ls} only, with {@code --drive}
 * the third, for {@code drive build} only, and with {@code --up} the fourth, for {@code up}
 * only: the JVM loads every class of a cache at start (some 12 ms a thousand here), and the
 * full one's 4,300 (Guice, the domain designer, the network code) cost those commands some 20 ms
 * they never use; one cache for both cost each the other's classes (YAML and the drive writers,
 * JNA and libvirt), some 20 ms more of a drive build.
 */
public final class AotTraining {

    private static final String TEST_URI = "test:///default";
    private static final String SYSTEM_URI = "qemu:///system";
    private static final String SPEC = """
            name: vs-aot-training
            hostname: training.virtseed.test
            meta: { role: training }
            ssh_keys: [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHssp8Df8X0xoXExBXWZMpVcc7x0qu34shVpGgXXyajq training" ]
            networks: []
            user_data: |
              #cloud-config
              runcmd: [ [ true ] ]
            """;

    private AotTraining() {
    }

    /**
     * Trains: {@code [--lean | --drive] [JDK_FILE]}; {@code JDK_FILE}, when given, is where to
     * record which JDK made the cache.
     */
    public static void main(String[] args) throws IOException {
        CliLogging.install(); // as Main does: the caches hold the CLI's logging, not another provider's
        boolean lean = args.length > 0 && args[0].equals("--lean");
        boolean drive = args.length > 0 && args[0].equals("--drive");
        boolean up = args.length > 0 && args[0].equals("--up");
        int mode = lean || drive || up ? 1 : 0;
        if (args.length > mode) { // the launcher passes the cache only to this JDK
            Files.writeString(Path.of(args[mode]), System.getProperty("java.home") + "\n");
        }
        // QEMU, as its own user, must reach the instance's disks below
        Path tmp = Files.createTempDirectory("vs-aot-",
                PosixFilePermissions.asFileAttribute(FileModes.TRAVERSABLE_DIR));
        PrintStream out = System.out;
        PrintStream err = System.err;
        try {
            Path spec = Files.writeString(tmp.resolve("spec.yaml"), SPEC);
            Path upSpec = Files.writeString(tmp.resolve("up.yaml"), SPEC + "image: vs-aot-img\n");
            Path disk = tmp.resolve("disk.raw");
            try (RandomAccessFile f = new RandomAccessFile(disk.toFile(), "rw")) {
                f.setLength(1 << 20); // sparse; a raw image is any file
            }
            String state = tmp.resolve("state").toString();
            System.setOut(new PrintStream(PrintStream.nullOutputStream()));
            System.setErr(new PrintStream(PrintStream.nullOutputStream())); // the CLI's status lines
            if (lean) {
                trainLean(tmp, state, out);
                return;
            }
            if (drive) {
                trainDrive(tmp, out);
                return;
            }
            if (up) {
                // up alone, as its process runs it (the way around picocli): no Guice, no JSON mapper,
                // no picocli, which the full cache's 4,300 classes hold. Not down either: a class of a
                // cache is linked at start, and one that names picocli's types (the way in of every
                // other command) has the JVM load them from the jar, its 7,800-entry index first.
                // The image is imported by another process: the import's classes (picocli's model,
                // the JSON mapper for qemu-img's answer and image.json) are what this cache leaves out
                importInChild(state, disk, out);
                // what an up of qemu:///system adds before it connects (the test driver needs no
                // daemon): the check that libvirtd answers, loaded here, not run
                initialize(LibvirtDaemon.class.getName());
                DaemonPaths.host();
                train(List.of(
                        List.of("--state-dir", state, "--connect", TEST_URI, "up", upSpec.toString())), out);
                return;
            }
            train(List.of(
                    List.of("--version"), List.of("--help"), List.of("drive", "build", "--help"),
                    List.of("drive", "build", spec.toString(), "-o", tmp.resolve("a.iso").toString()),
                    List.of("drive", "build", spec.toString(), "--format", "nocloud", "-o", tmp.resolve("b.img").toString()),
                    List.of("--state-dir", state, "--connect", TEST_URI, "ls"),
                    // one instance through libvirt's in-memory test driver: up, ls and down load libvirt's side
                    List.of("--state-dir", state, "--connect", TEST_URI, "image", "import", "vs-aot-img", disk.toString()),
                    List.of("--state-dir", state, "--connect", TEST_URI, "up", upSpec.toString()),
                    List.of("--state-dir", state, "--connect", TEST_URI, "ls"), // the table, with a row
                    List.of("--state-dir", state, "--connect", TEST_URI, "ls", "-o", "json"),
                    List.of("--state-dir", state, "--connect", TEST_URI, "down", "vs-aot-training")), out);
        } finally {
            System.setOut(out);
            System.setErr(err);
            removeTree(tmp);
        }
    }

    /**
     * The drive cache's runs, as the process of {@code drive build} runs them (the way around
     * picocli): an ISO and a NoCloud drive.
     */
    private static void trainDrive(Path tmp, PrintStream out) throws IOException {
        // with an image, as most specs have: its name's classes are read even when the drive ignores it
        Path spec = Files.writeString(tmp.resolve("drive.yaml"), SPEC + "image: vs-aot-img\n");
        train(List.of(
                List.of("drive", "build", spec.toString(), "-o", tmp.resolve("a.iso").toString()),
                List.of("drive", "build", spec.toString(), "--format", "nocloud", "-o", tmp.resolve("b.img").toString())),
                out);
    }

    /**
     * The lean cache's runs, as the process of {@code ls} runs them (the way around picocli): a
     * listing of a folder with no record, then of one with a record, written here rather than by
     * {@code up}, whose classes this cache leaves out.
     */
    private static void trainLean(Path tmp, String state, PrintStream out) throws IOException {
        // the table alone: JSON's classes (the mapper's, some 1,000) would be loaded at every
        // listing's start, 10 to 15 ms; the launcher gives ls -o json the full cache
        List<String> ls = List.of("--state-dir", state, "--connect", TEST_URI, "ls");
        train(List.of(ls), out);
        InstanceStore store = new InstanceStore(Path.of(state));
        InstanceName name = InstanceName.of("vs-aot-training");
        store.createDir(name);
        store.save(new InstanceRecord(InstanceRecord.CURRENT_VERSION, name.value(), UUID.randomUUID(), "vs-aot-img",
                "training", Datasource.CONFIGDRIVE, MachineType.PC, Accelerator.TCG, Phase.CREATED, Instant.now(),
                // a NIC with an address, so the listing's record reader is trained on its whole shape
                List.of(new InstanceRecord.Nic("vs-aot-net", MacAddress.of("52:54:00:00:00:01"),
                        Optional.of(IpAddress.parse("10.88.0.10")), Optional.empty(), "vs0000000000", true))));
        train(List.of(ls), out);
        // the system daemon's listing, by libvirt's protocol on its socket, where the build host
        // runs libvirtd: the JDK's UNIX socket and the protocol's classes. Read-only, and by the
        // lean way alone, so a host without libvirtd or with another authentication trains no more
        try {
            DirectLs.leanViews(Path.of(state), SYSTEM_URI);
        } catch (RuntimeException | LinkageError e) {
            out.println("aot training: the system daemon's listing -> " + e);
        }
    }

    /** {@code virtseed image import vs-aot-img DISK} in a JVM of its own, which records nothing here. */
    private static void importInChild(String state, Path disk, PrintStream out) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--state-dir", state, "--connect", TEST_URI, "image", "import", "vs-aot-img", disk.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                out.println("aot training: the image import did not end in 120 s");
            } else if (p.exitValue() != 0) {
                out.println("aot training: the image import -> exit " + p.exitValue());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void initialize(String className) {
        try {
            Class.forName(className, true, AotTraining.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void train(List<List<String>> runs, PrintStream out) {
        for (List<String> run : runs) {
            // the cache is still made on a failure, without what that run would have loaded
            failure(run).ifPresent(f -> out.println("aot training: virtseed " + String.join(" ", run) + " -> " + f));
        }
    }

    private static Optional<String> failure(List<String> run) {
        try {
            int code = Main.run(run.toArray(String[]::new));
            return code == ExitCodes.OK ? Optional.empty() : Optional.of("exit " + code);
        } catch (RuntimeException | LinkageError e) { // a host without libvirt's library, say
            return Optional.of(e.toString());
        }
    }

    private static void removeTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
