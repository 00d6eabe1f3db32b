package io.virtseed.configdrive.iso;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The dates of the image, written by hand, are the ones the formatter writes. */
class IsoDatesTest {

    @Test
    void volumeDatesAreTheFormattersDigits() {
        Random r = new Random(7);
        long from = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2155-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 5_000; i++) {
            Instant t = Instant.ofEpochSecond(from + (long) (r.nextDouble() * (to - from)), r.nextInt(1_000_000_000));
            assertThat(IsoBuffer.volumeDate(t)).as(t.toString()).isEqualTo(formatted(t));
        }
        for (String edge : new String[] {"1900-01-01T00:00:00Z", "2155-12-31T23:59:59.999999999Z",
            "2000-02-29T12:34:56.01Z", "2012-08-10T00:00:00Z"}) {
            assertThat(IsoBuffer.volumeDate(Instant.parse(edge))).as(edge).isEqualTo(formatted(Instant.parse(edge)));
        }
    }

    @Test
    void theDefaultRecordingTimeIsTheDocumentedDay() {
        assertThat(IsoOptions.DEFAULT_RECORDED).isEqualTo(Instant.parse("2012-08-10T00:00:00Z"));
    }

    private static byte[] formatted(Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        String digits = String.format("%04d%02d%02d%02d%02d%02d%02d", z.getYear(), z.getMonthValue(),
                z.getDayOfMonth(), z.getHour(), z.getMinute(), z.getSecond(), z.getNano() / 10_000_000);
        byte[] out = new byte[17];
        System.arraycopy(digits.getBytes(StandardCharsets.US_ASCII), 0, out, 0, 16);
        return out;
    }
}
