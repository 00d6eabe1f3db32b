package io.virtseed.libvirt.domain;

import javax.xml.stream.XMLStreamException;

/** Writes the {@code <devices>} element for {@link DomainXmlWriter}. */
final class DeviceXml {

    private final XmlOut x;

    DeviceXml(XmlOut x) {
        this.x = x;
    }

    void write(Devices devices) throws XMLStreamException {
        x.start("devices");
        if (devices.emulator().isPresent()) {
            x.text("emulator", devices.emulator().get().toString());
        }
        for (Disk disk : devices.disks()) {
            disk(disk);
        }
        for (NetInterface nic : devices.interfaces()) {
            nic(nic);
        }
        if (devices.serial().isPresent()) {
            serial(devices.serial().get());
        }
        x.empty("memballoon", "model", devices.memballoon().xml());
        if (devices.rng().isPresent()) {
            x.start("rng", "model", "virtio");
            x.text("backend", devices.rng().get().source().toString(), "model", "random");
            x.end();
        }
        x.end();
    }

    private void disk(Disk d) throws XMLStreamException {
        x.start("disk", "type", "file", "device", d.device().xml());
        x.empty("driver", "name", "qemu", "type", d.format().xml());
        x.empty("source", "file", d.source().toString());
        x.empty("target", "dev", d.targetDev(), "bus", d.bus().xml());
        if (d.readonly()) {
            x.empty("readonly");
        }
        x.end();
    }

    private void nic(NetInterface nic) throws XMLStreamException {
        x.start("interface", "type", nic.type());
        x.empty("mac", "address", nic.mac().value());
        switch (nic) {
            case BridgeInterface b -> {
                x.empty("source", "bridge", b.bridge());
                if (b.target().isPresent()) {
                    x.empty("target", "dev", b.target().get());
                }
                x.empty("model", "type", nic.model().xml());
                if (b.mtu().isPresent()) {
                    x.empty("mtu", "size", Integer.toString(b.mtu().getAsInt()));
                }
                if (b.filter().isPresent()) {
                    filter(b.filter().get());
                }
            }
        }
        x.end();
    }

    private void filter(TrafficFilter f) throws XMLStreamException {
        x.start("filterref", "filter", f.name());
        for (var ip : f.addresses()) {
            x.empty("parameter", "name", "IP", "value", ip.text());
        }
        x.end();
    }

    /**
     * The console is declared as well as the serial port: libvirt then treats it as the alias of
     * serial port 0 (what {@code virsh console} attaches to) instead of inventing one of its own.
     */
    private void serial(SerialConsole s) throws XMLStreamException {
        // a pty, so that libvirt can hand the console to a client (virsh console, virtseed console),
        // with everything the guest writes also logged to the file by virtlogd
        x.start("serial", "type", "pty");
        x.empty("log", "file", s.logFile().toString(), "append", s.append() ? "on" : "off");
        x.empty("target", "port", "0");
        x.end();
        x.start("console", "type", "pty");
        x.empty("target", "type", "serial", "port", "0");
        x.end();
    }
}
