package io.virtseed.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The doctor's /dev/kvm check, on stand-in files with the modes a host may leave. */
class KvmDeviceCheckTest {

    @TempDir
    Path dir;

    @Test
    void udevsGroupAndModeAreFine() throws IOException {
        Path dev = node("rw-rw----", kvmGroup());
        Check c = new KvmDeviceCheck(dev).check();
        assertThat(c.status()).isEqualTo(Check.Status.OK);
        assertThat(c.detail()).contains(":kvm rw-rw----");
    }

    @Test
    void rootOnlyAsLeftWhereNoUdevRanFailsWithTheFix() throws IOException {
        Path dev = node("rw-------", rootGroup());
        Check c = new KvmDeviceCheck(dev).check();
        assertThat(c.status()).isEqualTo(Check.Status.FAIL);
        assertThat(c.detail()).contains("root:root rw-------").contains("re-probes QEMU");
        assertThat(c.fix()).hasValue(KvmDeviceCheck.FIX);
    }

    @Test
    void theKvmGroupWithoutWriteFails() throws IOException {
        assertThat(new KvmDeviceCheck(node("rw-r-----", kvmGroup())).check().status()).isEqualTo(Check.Status.FAIL);
    }

    @Test
    void noDeviceIsNoProblemHereTheKvmCheckSaysTcg() {
        Check c = new KvmDeviceCheck(dir.resolve("kvm")).check();
        assertThat(c.status()).isEqualTo(Check.Status.OK);
        assertThat(c.detail()).contains("see kvm");
    }

    private Path node(String mode, GroupPrincipal group) throws IOException {
        Path p = Files.createFile(dir.resolve("kvm"));
        Files.getFileAttributeView(p, PosixFileAttributeView.class).setGroup(group);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    private GroupPrincipal kvmGroup() throws IOException {
        return dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName("kvm");
    }

    private GroupPrincipal rootGroup() throws IOException {
        return dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName("root");
    }
}
