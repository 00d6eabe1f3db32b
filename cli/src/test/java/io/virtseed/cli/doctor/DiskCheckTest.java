package io.virtseed.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Thresholds around the temporary folder's real free space, so each branch is met whatever the disk holds. */
class DiskCheckTest {

    @TempDir
    Path dir;

    @Test
    void enoughSpaceIsOkAndSaysWhere() {
        Check c = new DiskCheck(dir, 0, 0).check();
        assertThat(c.status()).isEqualTo(Check.Status.OK);
        assertThat(c.detail()).matches("\\d+\\.\\d GiB free in " + java.util.regex.Pattern.quote(dir.toString()));
    }

    @Test
    void tooLittleFails() {
        Check c = new DiskCheck(dir, Long.MAX_VALUE, Long.MAX_VALUE).check();
        assertThat(c.status()).isEqualTo(Check.Status.FAIL);
        assertThat(c.fix().orElseThrow()).contains("--state-dir");
    }

    @Test
    void littleWarns() {
        assertThat(new DiskCheck(dir, 0, Long.MAX_VALUE).check().status()).isEqualTo(Check.Status.WARN);
    }

    @Test
    void aStateFolderNotMadeYetIsMeasuredWhereItWillBe() {
        assertThat(new DiskCheck(dir.resolve("a/b"), 0, 0).check().detail()).endsWith(" free in " + dir);
    }
}
