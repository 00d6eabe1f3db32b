package io.virtseed.samples.bench;

import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.CommandRunner;
import io.virtseed.core.image.BaseImage;
import io.virtseed.core.state.FileModes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * The yardstick of the lifecycle benchmark: libvirt-java's own {@code domainDefineXML} +
 * {@code create}, and {@code destroy} + {@code undefine}, on a connection of its own, of the XML
 * the library defined, with only the name, the uuid and the instance folder changed (the copy
 * gets its own root disk overlay, config drive and console log, in a folder of its own).
 *
 * <pre>{@code try (var raw = RawLibvirt.copyOf(libName, libDir, base, rawName, rawDir, runner)) {
 *     raw.prepare(); long[] up = raw.up(); long[] down = raw.down(); }}</pre>
 */
final class RawLibvirt implements AutoCloseable {

    private static final int XML_INACTIVE = 2; // virDomainXMLFlags: the definition, not the live state
    private static final Pattern UUID_ELEMENT = Pattern.compile("<uuid>([0-9a-f-]{36})</uuid>");

    private final Connect conn;
    private final String name;
    private final Path dir;
    private final BaseImage base;
    private final CommandRunner runner;
    private final String xml;

    private RawLibvirt(Connect conn, String name, Path dir, BaseImage base, CommandRunner runner, String xml) {
        this.conn = conn;
        this.name = name;
        this.dir = dir;
        this.base = base;
        this.runner = runner;
        this.xml = xml;
    }

    /**
     * Reads the definition of the library's domain {@code libName} (defined, its instance folder
     * {@code libDir} still there) and makes the copy: the XML renamed to {@code rawName} with a
     * new uuid and {@code rawDir} for the instance folder, and the config drive copied there.
     */
    static RawLibvirt copyOf(String libName, Path libDir, BaseImage base, String rawName, Path rawDir,
            CommandRunner runner) throws LibvirtException, IOException {
        Connect conn = new Connect("qemu:///system");
        try {
            Domain lib = conn.domainLookupByName(libName);
            String libXml;
            try {
                libXml = lib.getXMLDesc(XML_INACTIVE);
            } finally {
                lib.free();
            }
            Matcher uuid = UUID_ELEMENT.matcher(libXml);
            if (!uuid.find()) {
                throw new IllegalStateException("the XML of " + libName + " has no <uuid>");
            }
            String copy = libXml.replace("<name>" + libName + "</name>", "<name>" + rawName + "</name>")
                    .replace(uuid.group(1), UUID.randomUUID().toString())
                    .replace(libDir.toString() + "/", rawDir.toString() + "/");
            if (copy.contains(libDir.toString()) || !copy.contains("<name>" + rawName + "</name>")) {
                throw new IllegalStateException("the copy of " + libName + "'s XML still names its folder or lacks the new name");
            }
            FileModes.createDirs(rawDir, FileModes.TRAVERSABLE_DIR);
            Files.copy(libDir.resolve("disk.config"), rawDir.resolve("disk.config"), StandardCopyOption.REPLACE_EXISTING);
            return new RawLibvirt(conn, rawName, rawDir, base, runner, copy);
        } catch (LibvirtException | IOException | RuntimeException e) {
            conn.close();
            throw e;
        }
    }

    /** The copy's XML, as it is defined. */
    String xml() {
        return xml;
    }

    /**
     * Outside the timing: a fresh overlay of the same base image (as the library makes one per
     * {@code up}) and an empty private console log, so QEMU opens what it opens on the library's side.
     */
    void prepare() throws IOException {
        Path disk = dir.resolve("disk.qcow2");
        Files.deleteIfExists(disk);
        runner.run(Command.of("qemu-img", "create", "-q", "-f", "qcow2", "-b", base.path().toString(), "-F",
                base.format(), disk.toString()));
        Files.setPosixFilePermissions(disk, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.deleteIfExists(dir.resolve("console.log"));
        FileModes.createPrivateFile(dir.resolve("console.log"));
    }

    /** Define + create; returns the nanoseconds of each, and checks the domain runs. */
    long[] up() throws LibvirtException {
        long t0 = System.nanoTime();
        Domain dom = conn.domainDefineXML(xml);
        long t1 = System.nanoTime();
        try {
            dom.create();
            long t2 = System.nanoTime();
            if (dom.isActive() != 1) {
                throw new IllegalStateException(name + " is not running after create");
            }
            return new long[] {t1 - t0, t2 - t1};
        } finally {
            dom.free();
        }
    }

    /** Destroy + undefine (a lookup by name first, as a tool given only the name does); nanoseconds of each. */
    long[] down() throws LibvirtException {
        long t0 = System.nanoTime();
        Domain dom = conn.domainLookupByName(name);
        try {
            dom.destroy();
            long t1 = System.nanoTime();
            dom.undefine();
            long t2 = System.nanoTime();
            return new long[] {t1 - t0, t2 - t1};
        } finally {
            dom.free();
        }
    }

    /** Removes the copy's domain if a failure left it; never throws. */
    void removeQuietly() {
        try {
            Domain dom = conn.domainLookupByName(name);
            try {
                if (dom.isActive() == 1) {
                    dom.destroy();
                }
                dom.undefine();
            } finally {
                dom.free();
            }
        } catch (LibvirtException e) {
            // no such domain: nothing was left
        }
    }

    @Override
    public void close() throws LibvirtException {
        removeQuietly();
        conn.close();
    }
}
