package io.virtseed.cli;

import java.time.Duration;
import java.util.Optional;

/**
 * Reads {@code 90s}, {@code 10m}, {@code 1h}, {@code 500ms} or a number of seconds. No picocli
 * type: {@link DirectUp} reads {@code --wait} with it, and a picocli class loaded on {@code up}'s
 * way would have the JVM open the jar's 7,800-entry index and verify picocli's old class files
 * (20 to 40 ms); {@link DurationConverter} gives picocli the same answers.
 */
final class Durations {

    private Durations() {
    }

    /** The duration, or why the text is none. */
    record Read(Optional<Duration> duration, String problem) {
    }

    static Read read(String value) {
        String v = value.trim();
        try {
            if (v.endsWith("ms")) {
                return ok(Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2))));
            }
            char unit = v.charAt(v.length() - 1);
            if (Character.isDigit(unit)) {
                return ok(Duration.ofSeconds(Long.parseLong(v)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (unit) {
                case 's' -> ok(Duration.ofSeconds(n));
                case 'm' -> ok(Duration.ofMinutes(n));
                case 'h' -> ok(Duration.ofHours(n));
                default -> new Read(Optional.empty(), "unknown unit in '" + value + "': use s, m or h");
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException | ArithmeticException e) {
            return new Read(Optional.empty(), "'" + value + "' is not a duration: use 90s, 10m or 1h");
        }
    }

    private static Read ok(Duration d) {
        return new Read(Optional.of(d), "");
    }
}
