package io.virtseed.core.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SshUsersTest {

    @Test
    void theDistributionsDefaultUserFromTheImagesFileOrFolderName() {
        assertThat(SshUsers.forImage("/var/cache/virtseed/guest/debian-12-cloudinit/disk.qcow2")).isEqualTo("debian");
        assertThat(SshUsers.forImage("debian-12-genericcloud-amd64")).isEqualTo("debian");
        assertThat(SshUsers.forImage("/srv/img/noble-server-cloudimg-amd64.img")).isEqualTo("ubuntu");
        assertThat(SshUsers.forImage("Fedora-Cloud-Base-40.qcow2")).isEqualTo("fedora");
        assertThat(SshUsers.forImage("/srv/ubuntu/disk.qcow2")).isEqualTo("ubuntu");
    }

    @Test
    void anImageWhoseNameTellsNothingGivesRoot() {
        assertThat(SshUsers.forImage("/srv/disk.qcow2")).isEqualTo("root");
        assertThat(SshUsers.forImage("none")).isEqualTo("root");
        assertThat(SshUsers.forImage("cirros-aarch64")).isEqualTo("root");
    }

    @Test
    void loginNames() {
        assertThat(SshUsers.problem("debian")).isEmpty();
        assertThat(SshUsers.problem("_svc-1")).isEmpty();
        assertThat(SshUsers.problem("-oProxyCommand=x")).isPresent();
        assertThat(SshUsers.problem("Root")).isPresent();
        assertThat(SshUsers.problem("a b")).isPresent();
        assertThat(SshUsers.problem("")).isPresent();
    }
}
