package io.virtseed.core.spec;

import java.util.Optional;
import java.util.regex.Pattern;

/** RFC 1123 host names: dot-separated labels of letters, digits and '-', not all digits and dots. */
public final class Hostnames {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern DOTTED_DECIMAL = Pattern.compile("[0-9.]+");
    private static final String RULE = "use RFC 1123 labels of 1 to 63 characters A-Z, a-z, 0-9 and '-', not"
            + " starting or ending with '-', joined by '.', at most 253 characters in all";

    private Hostnames() {
    }

    /** Empty when valid, else what is wrong, phrased to follow the quoted name. */
    public static Optional<String> problem(String hostname) {
        if (hostname == null || hostname.isEmpty() || hostname.length() > 253) {
            return Optional.of("is invalid: " + RULE);
        }
        for (String label : hostname.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.of("has an invalid label '" + label + "': " + RULE);
            }
        }
        if (DOTTED_DECIMAL.matcher(hostname).matches()) {
            return Optional.of("looks like an IPv4 address: " + RULE + ", and not all digits");
        }
        return Optional.empty();
    }
}
