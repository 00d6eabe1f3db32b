package io.virtseed.core.lifecycle;

import io.virtseed.core.metadata.InstanceMetadata;
import io.virtseed.core.metadata.SshPublicKey;
import io.virtseed.core.spec.InstanceSpec;
import io.virtseed.core.spec.NicSpec;
import io.virtseed.core.state.AtomicFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * What {@code up} of a spec would change in an instance that exists: the difference between the
 * spec as it was applied and as it is now. What lives on the config drive (hostname, user data,
 * keys, files, meta, password, vendor data, network settings) changes in place: the drive is
 * rebuilt and swapped. What made the guest (image, CPUs, memory, disk, machine, firmware,
 * accelerator, datasource, boot files, NICs and their addresses) cannot change under it: that
 * needs the guest made again ({@code --recreate}).
 */
public final class Convergence {

    /** The spec's guest-shaping values as applied, {@code applied.properties} in the instance folder (0600). */
    static final String APPLIED_FILE = "applied.properties";

    /** One difference; {@code inPlace} when rebuilding the drive applies it. */
    public record Change(String field, String from, String to, boolean inPlace) {

        public Change {
            Objects.requireNonNull(field, "field");
        }

        /** {@code memory: 1GiB -> 2GiB}. */
        public String text() {
            return field + ": " + from + " -> " + to;
        }
    }

    /** Whether a rebuilt drive keeps the instance-id cloud-init knows the guest by. */
    public enum InstanceIdPolicy {
        /** Keep it: cloud-init treats the guest as the same instance and does not run its first boot again. */
        STABLE,
        /** A new one: on its next boot cloud-init treats the guest as new (new host keys, user data run again). */
        NEW
    }

    /**
     * How {@code up} treats an instance that exists.
     *
     * @param dryRun   say what would change, change nothing
     * @param recreate make the guest again when anything changed (its disk starts afresh)
     */
    public record UpOptions(boolean dryRun, boolean recreate, InstanceIdPolicy instanceId) {

        public static final UpOptions DEFAULT = new UpOptions(false, false, InstanceIdPolicy.STABLE);

        public UpOptions {
            Objects.requireNonNull(instanceId, "instanceId");
        }
    }

    private Convergence() {
    }

    /** The guest-shaping values of a spec, as they are saved and compared. */
    static Map<String, String> shape(InstanceSpec s) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("image", s.image().text());
        m.put("cpus", Integer.toString(s.cpus()));
        m.put("memory", s.memory().toString());
        m.put("disk", s.disk().map(Object::toString).orElse("the image's size"));
        m.put("machine", s.machine().libvirtName());
        m.put("firmware", s.firmware().name().toLowerCase(java.util.Locale.ROOT));
        m.put("accel", s.accel().name().toLowerCase(java.util.Locale.ROOT));
        m.put("datasource", s.datasource().specName());
        m.put("boot", s.boot().map(b -> b.kernel() + b.initrd().map(i -> " initrd " + i).orElse("")
                + " cmdline '" + b.cmdline() + "'").orElse("the image's"));
        List<String> nics = new ArrayList<>();
        for (NicSpec n : s.networks()) {
            nics.add(n.network() + n.ip().map(ip -> " ip " + ip).orElse("") + n.ip6().map(ip -> " ip6 " + ip).orElse("")
                    + n.mac().map(mac -> " mac " + mac).orElse("") + (n.dhcp() ? "" : " static"));
        }
        m.put("networks", nics.isEmpty() ? "none" : String.join("; ", nics));
        return m;
    }

    /** Saves the spec's shape beside the instance's record. */
    static void saveShape(Path instanceDir, InstanceSpec spec) throws IOException {
        saveShape(instanceDir, spec, AtomicFiles.Sync.NOW);
    }

    static void saveShape(Path instanceDir, InstanceSpec spec, AtomicFiles.Sync sync) throws IOException {
        String text = PropertiesText.of("what the guest was made from; up compares the spec with it", shape(spec));
        AtomicFiles.write(instanceDir.resolve(APPLIED_FILE), text.getBytes(StandardCharsets.UTF_8),
                AtomicFiles.PRIVATE, sync);
    }

    /** The saved shape; empty for instances made before it was saved, whose shape is then not compared. */
    static Optional<Map<String, String>> savedShape(Path instanceDir) {
        try {
            String text = Files.readString(instanceDir.resolve(APPLIED_FILE), StandardCharsets.UTF_8);
            Properties p = new Properties();
            p.load(new StringReader(text));
            Map<String, String> m = new LinkedHashMap<>();
            p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
            return Optional.of(m);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + instanceDir.resolve(APPLIED_FILE), e);
        }
    }

    /**
     * The changes from what was applied to what the spec now asks for. {@code saved} and
     * {@code wanted} are the instance's metadata as saved and as the spec renders it now (same
     * instance-id and seed), so only what the user changed differs.
     */
    static List<Change> diff(Optional<Map<String, String>> appliedShape, InstanceSpec spec, InstanceMetadata saved,
            InstanceMetadata wanted) {
        List<Change> out = new ArrayList<>();
        appliedShape.ifPresent(was -> shape(spec).forEach((k, now) -> {
            String before = was.get(k);
            if (before != null && !before.equals(now)) {
                out.add(new Change(k, before, now, false));
            }
        }));
        compare(out, "hostname", saved.hostname(), wanted.hostname());
        if (!Arrays.equals(saved.userData().orElse(null), wanted.userData().orElse(null))) {
            out.add(new Change("user_data", size(saved.userData()), size(wanted.userData()), true));
        }
        if (!keys(saved.publicKeys()).equals(keys(wanted.publicKeys()))) {
            out.add(new Change("ssh keys", keyCount(saved), keyCount(wanted), true));
        }
        compare(out, "meta", saved.meta(), wanted.meta());
        if (!saved.files().equals(wanted.files())) {
            out.add(new Change("files", saved.files().size() + " file(s)", wanted.files().size() + " file(s)", true));
        }
        if (!saved.adminPass().equals(wanted.adminPass())) {
            // never the password itself: only that it changed
            out.add(new Change("password", saved.adminPass().isPresent() ? "set" : "none",
                    wanted.adminPass().isPresent() ? "set (changed)" : "none", true));
        }
        if (!saved.vendorData().equals(wanted.vendorData())) {
            out.add(new Change("vendor_data", "as before", "changed", true));
        }
        if (!saved.nics().equals(wanted.nics())) {
            out.add(new Change("network settings", "as before", "changed (gateway, DNS, routes or MTU)", true));
        }
        return out;
    }

    private static void compare(List<Change> out, String field, Object was, Object now) {
        if (!Objects.equals(was, now)) {
            out.add(new Change(field, String.valueOf(was), String.valueOf(now), true));
        }
    }

    private static String size(Optional<byte[]> data) {
        return data.map(d -> d.length + " bytes").orElse("none");
    }

    private static TreeSet<String> keys(Map<String, SshPublicKey> keys) {
        TreeSet<String> out = new TreeSet<>();
        keys.values().forEach(k -> out.add(k.toString()));
        return out;
    }

    private static String keyCount(InstanceMetadata md) {
        return md.publicKeys().size() + " key(s)";
    }
}
