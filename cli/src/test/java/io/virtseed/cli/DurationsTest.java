package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"90s, PT1M30S", "10m, PT10M", "1h, PT1H", "500ms, PT0.5S", "45, PT45S", "' 2m ', PT2M", "0s, PT0S"})
    void readsEachUnitAndPicocliGetsTheSame(String text, String iso) {
        assertThat(Durations.read(text).duration()).contains(Duration.parse(iso));
        assertThat(new DurationConverter().convert(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "ms", "abc", "1.5m", "m5", "99999999999999999999s", "9999999999999999h"})
    void refusesWhatIsNoDurationAndSaysHowToWriteOne(String text) {
        Durations.Read read = Durations.read(text);
        assertThat(read.duration()).isEmpty();
        assertThat(read.problem()).isEqualTo("'" + text + "' is not a duration: use 90s, 10m or 1h");
        assertThatThrownBy(() -> new DurationConverter().convert(text)).isInstanceOf(TypeConversionException.class)
                .hasMessage(read.problem());
    }

    @ParameterizedTest
    @ValueSource(strings = {"5x", "10d", "3S"})
    void namesAnUnknownUnit(String text) {
        assertThat(Durations.read(text).duration()).isEmpty();
        assertThat(Durations.read(text).problem()).isEqualTo("unknown unit in '" + text + "': use s, m or h");
        assertThatThrownBy(() -> new DurationConverter().convert(text)).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("unknown unit");
    }
}
