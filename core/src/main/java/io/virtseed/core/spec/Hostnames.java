package io.virtseed.core.spec;

import java.util.regex.Pattern;

/** RFC 1123 host names: dot-separated labels of letters, digits and '-'. */
public final class Hostnames {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private Hostnames() {
    }

    /** Null when valid, else what is wrong. */
    public static String problem(String hostname) {
        if (hostname.isEmpty() || hostname.length() > 253) {
            return "is not a valid host name: 1 to 253 characters";
        }
        for (String label : hostname.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return "is not a valid RFC 1123 host name: labels of 1 to 63 letters, digits and '-',"
                        + " not starting or ending with '-', separated by dots";
            }
        }
        return null;
    }
}
