package io.virtseed.samples.bench;

import io.virtseed.configdrive.ConfigDrives;
import io.virtseed.core.Virtseed;
import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.ProcessCommandRunner;
import io.virtseed.core.image.BaseImage;
import io.virtseed.core.image.ImageStore;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.spec.BootSpec;
import io.virtseed.core.spec.ImageRef;
import io.virtseed.core.spec.InstanceSpec;
import io.virtseed.core.spec.SpecLoader;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.state.Trees;
import io.virtseed.core.value.InstanceName;
import io.virtseed.libvirt.connect.LibvirtHypervisor;
import io.virtseed.libvirt.daemon.DaemonPaths;
import io.virtseed.libvirt.daemon.LibvirtDaemon;
import io.virtseed.network.linux.LinuxNetworkProvisioner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How much does the library add to libvirt? In one JVM, against {@code qemu:///system}: the
 * library's {@code up} of a small instance (no wait: until the domain runs, guest boot excluded)
 * and its {@code down}, composed as the CLI composes them, against libvirt-java's define + create
 * and destroy + undefine of the same domain XML ({@link RawLibvirt}). The two sides alternate
 * which goes first; after warm-up rounds, medians, their ratios and where the library's time goes.
 * Exits 1 when a ratio passes {@value #TARGET}x, unless {@code --report-only}.
 *
 * <pre>{@code java -cp samples/target/benchmarks.jar io.virtseed.samples.bench.LifecycleBench \
 *     --work /tmp/vs-lcbench.X --guest /var/cache/virtseed/guest/debian-12-cloudinit --tag 42 --rounds 10}</pre>
 */
public final class LifecycleBench {

    static final double TARGET = 1.1;
    private static final String IMAGE = "vs-lcbench-guest";
    private static final String LIB_UP = "up";
    private static final String LIB_DOWN = "down";
    private static final String RAW_UP = "define + create";
    private static final String RAW_DOWN = "destroy + undefine";
    private static final String CHECK = "ownership check";

    private final Map<String, List<Long>> totals = new LinkedHashMap<>();
    private final Map<String, List<Long>> upPhases = new LinkedHashMap<>();
    private final Map<String, List<Long>> downPhases = new LinkedHashMap<>();
    private final Map<String, List<Long>> rawPhases = new LinkedHashMap<>();
    private String rawXml;

    private LifecycleBench() {
    }

    /** The command line: where to work, the guest, the names' tag, rounds and warm-up, report-only. */
    record Options(Path work, Path guest, String tag, int rounds, int warmup, boolean reportOnly) {
        static Options parse(String[] args) {
            Path work = null;
            Path guest = null;
            String tag = Long.toString(ProcessHandle.current().pid());
            int rounds = 10;
            int warmup = 2;
            boolean reportOnly = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--work" -> work = Path.of(args[++i]);
                    case "--guest" -> guest = Path.of(args[++i]);
                    case "--tag" -> tag = args[++i];
                    case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                    case "--report-only" -> reportOnly = true;
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            if (work == null || guest == null) {
                throw new IllegalArgumentException("--work DIR and --guest DIR are required");
            }
            return new Options(work.toAbsolutePath(), guest.toAbsolutePath(), tag, rounds, warmup, reportOnly);
        }
    }

    public static void main(String[] args) throws Exception {
        System.exit(new LifecycleBench().run(Options.parse(args)));
    }

    private int run(Options o) throws Exception {
        String load = loadAverage();
        Path state = o.work().resolve("state");
        var runner = new ProcessCommandRunner();
        new LibvirtDaemon(DaemonPaths.host(), runner).ensureRunning().ifPresent(System.err::println);
        var clock = new PhaseClock();
        InstanceName libName = InstanceName.of("vs-lcbench-" + o.tag());
        String rawName = "vs-lcbench-raw-" + o.tag();
        try (var hv = new LibvirtHypervisor("qemu:///system", state)) {
            var store = new InstanceStore(state);
            var images = new ImageStore(state, runner);
            // what the CLI's Wiring composes, the hypervisor behind the timing proxy; no NIC, so no metadata service
            Virtseed vs = Virtseed.builder(store, images).hypervisor(clock.timing(hv)).drives(new ConfigDrives())
                    .networks(new LinuxNetworkProvisioner(runner)).listener(clock).build();
            Path g = o.guest();
            BaseImage base = images.importImage(IMAGE, g.resolve("disk.qcow2"), Optional.of(new BootSpec(
                    g.resolve("vmlinuz"), Optional.of(g.resolve("initrd.img")), "root=/dev/vda rw console=ttyS0")));
            InstanceSpec spec = new SpecLoader().parse("""
                    name: %s
                    image: %s
                    cpus: 1
                    memory: 256MiB
                    accel: tcg
                    networks: []
                    """.formatted(libName, IMAGE), Path.of("lifecycle-bench.yaml"), o.work()).single();
            try {
                vs.up(spec); // the first up, for the XML to copy: one more warm-up
                RawLibvirt raw = RawLibvirt.copyOf(libName.value(), store.dir(libName), base, rawName,
                        o.work().resolve("raw"), runner);
                rawXml = raw.xml();
                try (raw) {
                    vs.down(libName);
                    rounds(o, vs, hv, clock, spec, raw);
                }
            } finally {
                if (store.find(libName).isPresent() || hv.state(libName).isPresent()) {
                    vs.down(libName);
                }
            }
            int code = report(o, load);
            extras(hv, images, g);
            validation(runner, o.work().resolve("raw"), rawName);
            Trees.delete(state);
            Trees.delete(o.work().resolve("raw"));
            return code;
        }
    }

    private void rounds(Options o, Virtseed vs, LibvirtHypervisor hv, PhaseClock clock, InstanceSpec spec,
            RawLibvirt raw) throws Exception {
        for (int i = 0; i < o.warmup() + o.rounds(); i++) {
            boolean keep = i >= o.warmup();
            // alternate who goes first, so neither always meets QEMU still exiting from the other
            if (i % 2 == 0) {
                library(vs, hv, clock, spec, keep);
                raw(raw, keep);
            } else {
                raw(raw, keep);
                library(vs, hv, clock, spec, keep);
            }
        }
    }

    private void library(Virtseed vs, LibvirtHypervisor hv, PhaseClock clock, InstanceSpec spec, boolean keep) {
        InstanceName name = spec.name();
        clock.reset();
        long t0 = System.nanoTime();
        vs.up(spec);
        long t1 = System.nanoTime();
        Map<String, Long> up = clock.phases(t0, t1);
        long c0 = System.nanoTime();
        // what each of down's destroy and undefine does before its libvirt call, plus the state
        if (hv.state(name).orElse(null) != MachineState.RUNNING) {
            throw new IllegalStateException(name + " is not running after up");
        }
        long check = System.nanoTime() - c0;
        clock.reset();
        long t2 = System.nanoTime();
        vs.down(name);
        long t3 = System.nanoTime();
        Map<String, Long> down = clock.phases(t2, t3);
        if (keep) {
            add(totals, LIB_UP, t1 - t0);
            add(totals, LIB_DOWN, t3 - t2);
            add(totals, CHECK, check);
            up.forEach((k, v) -> add(upPhases, k, v));
            down.forEach((k, v) -> add(downPhases, k, v));
        }
    }

    private void raw(RawLibvirt raw, boolean keep) throws Exception {
        raw.prepare();
        long[] up = raw.up();
        long[] down = raw.down();
        if (keep) {
            add(totals, RAW_UP, up[0] + up[1]);
            add(totals, RAW_DOWN, down[0] + down[1]);
            add(rawPhases, "define", up[0]);
            add(rawPhases, "create", up[1]);
            add(rawPhases, "lookup + destroy", down[0]);
            add(rawPhases, "undefine", down[1]);
        }
    }

    private int report(Options o, String loadBefore) {
        System.out.printf("%d rounds after %d warm-up, qemu:///system, TCG, 1 vCPU, 256 MiB, no NIC; load %s at the start, %s now%n",
                o.rounds(), o.warmup(), loadBefore, loadAverage());
        boolean upOk = ratio("up, no wait (Virtseed.up)", LIB_UP, "define + create (libvirt-java)", RAW_UP);
        boolean downOk = ratio("down (Virtseed.down)", LIB_DOWN, "destroy + undefine (libvirt-java)", RAW_DOWN);
        System.out.println("where up's time goes (median of each phase; they need not add up to the median total):");
        phases(upPhases);
        System.out.printf("  %-40s %7.1f ms  (up less its hypervisor calls: image, lock, records, disk, drive)%n",
                "the rest", median(restOf(upPhases, totals.get(LIB_UP))) / 1e6);
        System.out.println("where down's time goes (no steps are announced on the way down):");
        phases(downPhases);
        System.out.printf("  %-40s %7.1f ms  (down less its hypervisor calls: lock, records, deleting files)%n",
                "the rest", median(restOf(downPhases, totals.get(LIB_DOWN))) / 1e6);
        System.out.printf("  %-40s %7.1f ms  (lookup, XML, parse, state: destroy and undefine each make one)%n",
                "one ownership check", median(totals.get(CHECK)) / 1e6);
        System.out.println("libvirt-java, the yardstick:");
        phases(rawPhases);
        boolean ok = upOk && downOk;
        if (!ok && o.reportOnly()) {
            System.out.println("report only: a target was missed");
        }
        return ok || o.reportOnly() ? 0 : 1;
    }

    private boolean ratio(String libLabel, String libKey, String rawLabel, String rawKey) {
        List<Long> l = totals.get(libKey);
        List<Long> r = totals.get(rawKey);
        double lib = median(l) / 1e6;
        double raw = median(r) / 1e6;
        double ratio = lib / raw;
        List<Long> paired = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            paired.add(l.get(i) - r.get(i)); // the same round: both met the same load
        }
        System.out.printf("%-36s median %7.1f ms  (min %.1f, max %.1f)%n", libLabel, lib, min(l) / 1e6, max(l) / 1e6);
        System.out.printf("%-36s median %7.1f ms  (min %.1f, max %.1f)%n", rawLabel, raw, min(r) / 1e6, max(r) / 1e6);
        System.out.printf("%-36s %7.3f x        target <= %.1f x   %s%n", "ratio", ratio, TARGET,
                ratio <= TARGET ? "PASS" : "FAIL");
        System.out.printf("%-36s %7.1f ms  (median of the rounds' differences; of the medians %.1f ms)%n",
                "the library adds", median(paired) / 1e6, lib - raw);
        return ratio <= TARGET;
    }

    private static void phases(Map<String, List<Long>> phases) {
        phases.forEach((k, v) -> System.out.printf("  %-40s %7.1f ms%n", k, median(v) / 1e6));
    }

    /** Per round, the total less the hypervisor calls in it. */
    private static List<Long> restOf(Map<String, List<Long>> phases, List<Long> totals) {
        List<Long> out = new ArrayList<>(totals);
        phases.forEach((k, v) -> {
            if (k.startsWith(PhaseClock.CALL) && v.size() == out.size()) {
                for (int i = 0; i < out.size(); i++) {
                    out.set(i, out.get(i) - v.get(i));
                }
            }
        });
        return out;
    }

    /** Not in the ratios: what other spellings of the spec would add to each up. */
    private static void extras(LibvirtHypervisor hv, ImageStore images, Path guest) {
        List<Long> kvm = new ArrayList<>();
        List<Long> file = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            hv.kvmUsable();
            kvm.add(System.nanoTime() - t);
            t = System.nanoTime();
            images.resolve(new ImageRef.File(guest.resolve("disk.qcow2")));
            file.add(System.nanoTime() - t);
        }
        System.out.println("not in the ratios (median of 5):");
        System.out.printf("  %-40s %7.1f ms%n", "accel: auto adds (the host's capabilities)", median(kvm) / 1e6);
        System.out.printf("  %-40s %7.1f ms%n", "image: /path adds (qemu-img info, limited)", median(file) / 1e6);
    }

    /**
     * What libvirt's schema validation costs a define (the library asks for it): {@code virsh define
     * --validate} less {@code virsh define} of the copy's XML, the same process either way.
     */
    private void validation(ProcessCommandRunner runner, Path rawDir, String rawName) throws Exception {
        Path xml = rawDir.resolve("domain.xml");
        Files.writeString(xml, rawXml);
        List<Long> plain = new ArrayList<>();
        List<Long> validated = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            for (boolean validate : new boolean[] {false, true}) {
                List<String> argv = new ArrayList<>(List.of("virsh", "-q", "-c", "qemu:///system", "define", xml.toString()));
                if (validate) {
                    argv.add("--validate");
                }
                long t = System.nanoTime();
                runner.run(Command.of(argv));
                (validate ? validated : plain).add(System.nanoTime() - t);
                runner.run(Command.of("virsh", "-q", "-c", "qemu:///system", "undefine", rawName));
            }
        }
        System.out.printf("  %-40s %7.1f ms  (virsh define --validate %.1f ms, without %.1f ms)%n",
                "schema validation of the define", (median(validated) - median(plain)) / 1e6, median(validated) / 1e6,
                median(plain) / 1e6);
    }

    private static void add(Map<String, List<Long>> m, String key, long nanos) {
        m.computeIfAbsent(key, k -> new ArrayList<>()).add(nanos);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    static double median(List<Long> xs) {
        return NetworkBench.median(xs);
    }

    private static long min(List<Long> xs) {
        return xs.stream().mapToLong(Long::longValue).min().orElse(0);
    }

    private static long max(List<Long> xs) {
        return xs.stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
