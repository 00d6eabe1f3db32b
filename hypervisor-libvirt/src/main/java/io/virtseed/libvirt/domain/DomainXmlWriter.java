package io.virtseed.libvirt.domain;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import javax.xml.stream.XMLStreamException;

/**
 * Writes a {@link Domain} as libvirt domain XML. This is the only place domain XML is produced;
 * escaping is left to StAX, never done by hand.
 *
 * <pre>{@code String xml = new DomainXmlWriter().write(domain);}</pre>
 */
public final class DomainXmlWriter {

    /**
     * A read-only raw cdrom on {@code targetDev}/{@code bus} holding {@code source}, or empty
     * (ejected) when there is none: what {@code virDomainUpdateDeviceFlags} takes to change media.
     */
    public String cdrom(Optional<Path> source, String targetDev, String bus) {
        StringWriter sink = new StringWriter();
        try {
            XmlOut x = new XmlOut(sink);
            x.start("disk", "type", "file", "device", "cdrom");
            x.empty("driver", "name", "qemu", "type", "raw");
            if (source.isPresent()) {
                x.empty("source", "file", source.get().toString());
            }
            x.empty("target", "dev", targetDev, "bus", bus);
            x.empty("readonly");
            x.end();
            x.finish();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write cdrom XML", e);
        }
        return sink.toString();
    }

    /**
     * @throws IllegalArgumentException when a value holds a character XML cannot carry (a control character)
     */
    public String write(Domain d) {
        StringWriter sink = new StringWriter();
        try {
            XmlOut x = new XmlOut(sink);
            x.start("domain", "type", d.type().xml());
            x.text("name", d.name());
            x.text("uuid", d.uuid().toString());
            if (d.ownership().isPresent()) {
                metadata(x, d.ownership().get());
            }
            x.text("memory", Long.toString(d.memoryKib()), "unit", "KiB");
            x.text("vcpu", Integer.toString(d.vcpus()));
            if (d.sysinfo().isPresent()) {
                sysinfo(x, d.sysinfo().get());
            }
            os(x, d.os());
            features(x, d.features());
            cpu(x, d.cpu());
            x.text("on_poweroff", d.lifecycle().onPoweroff().xml());
            x.text("on_reboot", d.lifecycle().onReboot().xml());
            x.text("on_crash", d.lifecycle().onCrash().xml());
            new DeviceXml(x).write(d.devices());
            x.end();
            x.finish();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write domain XML for '" + d.name() + "'", e);
        }
        return sink.toString();
    }

    private static void metadata(XmlOut x, Ownership o) throws XMLStreamException {
        x.start("metadata");
        x.startNs(Ownership.PREFIX, "instance", Ownership.NAMESPACE, true);
        x.textNs(Ownership.PREFIX, "name", Ownership.NAMESPACE, o.name().value());
        x.textNs(Ownership.PREFIX, "state-dir", Ownership.NAMESPACE, o.stateDir().toString());
        x.end();
        x.end();
    }

    private static void sysinfo(XmlOut x, SmbiosSystem s) throws XMLStreamException {
        x.start("sysinfo", "type", "smbios");
        x.start("system");
        x.text("entry", s.manufacturer(), "name", "manufacturer");
        x.text("entry", s.product(), "name", "product");
        x.text("entry", s.version(), "name", "version");
        x.text("entry", s.serial(), "name", "serial");
        x.text("entry", s.uuid().toString(), "name", "uuid");
        x.text("entry", s.family(), "name", "family");
        x.end();
        x.end();
    }

    private static void os(XmlOut x, OsConfig os) throws XMLStreamException {
        x.start("os", "firmware", os.uefi().isPresent() ? "efi" : null);
        x.text("type", "hvm", "arch", os.arch(), "machine", os.machine());
        if (os.uefi().isPresent()) {
            x.start("firmware");
            x.empty("feature", "enabled", "no", "name", "enrolled-keys");
            x.empty("feature", "enabled", "no", "name", "secure-boot");
            x.end();
            x.text("nvram", os.uefi().get().nvram().toString());
        }
        optionalText(x, "kernel", os.kernel().map(Path::toString));
        optionalText(x, "initrd", os.initrd().map(Path::toString));
        optionalText(x, "cmdline", os.cmdline());
        for (OsConfig.BootDevice dev : os.bootOrder()) {
            x.empty("boot", "dev", dev.xml());
        }
        if (os.smbiosSysinfo()) {
            x.empty("smbios", "mode", "sysinfo");
        }
        x.end();
    }

    private static void features(XmlOut x, Features f) throws XMLStreamException {
        if (!f.acpi() && !f.apic()) {
            return;
        }
        x.start("features");
        if (f.acpi()) {
            x.empty("acpi");
        }
        if (f.apic()) {
            x.empty("apic");
        }
        x.end();
    }

    private static void cpu(XmlOut x, CpuConfig cpu) throws XMLStreamException {
        // instanceof, not a pattern switch: its bootstrap spins classes at run time, ms of every up
        if (cpu instanceof CpuConfig.HostPassthrough) {
            x.empty("cpu", "mode", "host-passthrough");
        } else if (cpu instanceof CpuConfig.Custom c) {
            x.start("cpu", "mode", "custom", "match", "exact");
            x.text("model", c.model(), "fallback", c.fallbackAllow() ? "allow" : "forbid");
            x.end();
        } else {
            throw new IllegalStateException("a CPU of a new kind: " + cpu);
        }
    }

    static void optionalText(XmlOut x, String name, Optional<String> text) throws XMLStreamException {
        if (text.isPresent()) {
            x.text(name, text.get());
        }
    }
}
