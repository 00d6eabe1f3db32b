package io.virtseed.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against stand-ins for /etc/passwd, /etc/group and qemu.conf with Debian 12's lines, and a
 * state folder under a temporary one whose modes the test sets (the tests run as root).
 */
class StateAccessCheckTest {

    /** Debian's qemu.conf ships these commented out; libvirt then uses its build's default. */
    private static final String DEBIAN_QEMU_CONF = """
            # The user for QEMU processes run by the system instance. It can be
            # specified as a user name or as a user id. The qemu driver will try to
            #user = "libvirt-qemu"

            # The group for QEMU processes run by the system instance. It can be
            # specified in a similar way to user.
            #group = "libvirt-qemu"
            """;
    private static final int QEMU_GID = 64055;
    private static final int KVM_GID = 64107;

    @TempDir
    Path tmp;

    private Path etc;
    private Path top;

    @BeforeEach
    void setUp() throws IOException {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        etc = Files.createDirectory(tmp.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), """
                root:x:0:0:root:/root:/bin/bash
                libvirt-qemu:x:64055:%d:Libvirt Qemu,,,:/var/lib/libvirt:/usr/sbin/nologin
                """.formatted(KVM_GID));
        Files.writeString(etc.resolve("group"), """
                root:x:0:
                kvm:x:%d:
                libvirt-qemu:x:%d:libvirt-qemu
                """.formatted(KVM_GID, QEMU_GID));
        Files.writeString(etc.resolve("qemu.conf"), DEBIAN_QEMU_CONF);
        top = Files.createDirectory(tmp.resolve("srv"));
    }

    private Check check(Path state) {
        return new StateAccessCheck(state, etc.resolve("qemu.conf"), etc.resolve("passwd"), etc.resolve("group")).check();
    }

    private Path folder(Path p, String mode) throws IOException {
        Files.createDirectories(p);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    @Test
    void foldersOthersMayPassAreOk() throws IOException {
        folder(top, "rwxr-xr-x");
        Path state = folder(top.resolve("virtseed"), "rwx--x--x");
        folder(state.resolve("instances"), "rwx--x--x");
        Check c = check(state);
        assertThat(c.status()).as(c.detail()).isEqualTo(Check.Status.OK);
        assertThat(c.detail()).contains("libvirt-qemu (uid 64055)");
    }

    @Test
    void aClosedFolderOnTheWayFailsWithItsChmod() throws IOException {
        folder(top, "rwx------");
        Check c = check(top.resolve("virtseed"));
        assertThat(c.status()).isEqualTo(Check.Status.FAIL);
        assertThat(c.detail()).contains("cannot pass folder " + top + " (mode 0700)");
        assertThat(c.fix()).hasValue("chmod o+x " + top);
    }

    @Test
    void aClosedInstancesFolderFails() throws IOException {
        folder(top, "rwxr-xr-x");
        Path state = folder(top.resolve("virtseed"), "rwx--x--x");
        Path instances = folder(state.resolve("instances"), "rwx------");
        assertThat(check(state).fix()).hasValue("chmod o+x " + instances);
    }

    @Test
    void theGroupClassCountsForAGroupOfQemusUser() throws IOException {
        folder(top, "rwx--x---");
        Files.setAttribute(top, "unix:gid", KVM_GID); // the user's own group
        assertThat(check(top).status()).isEqualTo(Check.Status.OK);
        Files.setAttribute(top, "unix:gid", QEMU_GID); // a group listing the user
        assertThat(check(top).status()).isEqualTo(Check.Status.OK);
        folder(top, "rwx-----x");
        // the kernel asks the group bits only, though others may pass
        assertThat(check(top).fix()).hasValue("chmod g+x " + top);
    }

    @Test
    void aStateFolderNotMadeYetIsCheckedUpToWhatExists() throws IOException {
        folder(top, "rwxr-xr-x");
        Check c = check(top.resolve("virtseed"));
        assertThat(c.status()).isEqualTo(Check.Status.OK);
        assertThat(c.detail()).contains("not made yet");
    }

    @Test
    void qemuAsRootPassesEverywhere() throws IOException {
        folder(top, "rwx------");
        Files.writeString(etc.resolve("qemu.conf"), DEBIAN_QEMU_CONF + "user = \"+0\"\n");
        assertThat(check(top).status()).isEqualTo(Check.Status.OK);
    }

    @Test
    void aUserThatDoesNotExistFails() throws IOException {
        Files.writeString(etc.resolve("qemu.conf"), "user = \"qemu\"\n");
        Check c = check(top);
        assertThat(c.status()).isEqualTo(Check.Status.FAIL);
        assertThat(c.detail()).contains("QEMU's user qemu");
    }

    @Test
    void qemuConfSettingsSkipCommentsAndTheLastOneCounts() {
        assertThat(QemuUser.setting(DEBIAN_QEMU_CONF, "user")).isEmpty();
        assertThat(QemuUser.setting("user = \"a\"\n  user=\"b\" # later\n", "user")).hasValue("b");
    }
}
