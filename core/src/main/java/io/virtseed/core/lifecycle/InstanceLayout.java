package io.virtseed.core.lifecycle;

import java.nio.file.Path;

/** The files of one instance inside its state folder. */
public record InstanceLayout(Path dir) {

    public Path record() {
        return dir.resolve("instance.json");
    }

    public Path rootDisk() {
        return dir.resolve("disk.qcow2");
    }

    public Path configDrive() {
        return dir.resolve("disk.config");
    }

    public Path consoleLog() {
        return dir.resolve("console.log");
    }

    /** A UEFI guest's variable store; the hypervisor creates it, and removes it on undefine. */
    public Path uefiVars() {
        return dir.resolve("uefi-vars.fd");
    }

    public Path kernel() {
        return dir.resolve("vmlinuz");
    }

    public Path initrd() {
        return dir.resolve("initrd.img");
    }
}
