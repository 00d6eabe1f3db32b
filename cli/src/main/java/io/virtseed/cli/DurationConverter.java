package io.virtseed.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code 90s}, {@code 10m}, {@code 1h} or a number of seconds, as {@link Durations} does. */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        Durations.Read read = Durations.read(value);
        return read.duration().orElseThrow(() -> new TypeConversionException(read.problem()));
    }
}
