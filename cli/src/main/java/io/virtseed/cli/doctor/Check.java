package io.virtseed.cli.doctor;

import java.util.Objects;
import java.util.Optional;

/**
 * One finding of {@code virtseed doctor}: what was checked, how it went, what was seen, and the
 * command that fixes it where there is one.
 *
 * <pre>{@code Check.fail("dnsmasq", "not found", "apt-get install dnsmasq-base")}</pre>
 *
 * @param id     stable name for programs ({@code -o json}), like {@code ip-forward}
 * @param status {@link Status#FAIL} makes the doctor exit 1; a warning does not
 * @param detail what was found, for people
 * @param fix    the command (or step) that clears the finding
 */
public record Check(String id, Status status, String detail, Optional<String> fix) {

    /** How a check went. */
    public enum Status {
        OK, WARN, FAIL
    }

    public Check {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(fix, "fix");
    }

    public static Check ok(String id, String detail) {
        return new Check(id, Status.OK, detail, Optional.empty());
    }

    public static Check warn(String id, String detail) {
        return new Check(id, Status.WARN, detail, Optional.empty());
    }

    public static Check warn(String id, String detail, String fix) {
        return new Check(id, Status.WARN, detail, Optional.of(fix));
    }

    public static Check fail(String id, String detail, String fix) {
        return new Check(id, Status.FAIL, detail, Optional.of(fix));
    }
}
