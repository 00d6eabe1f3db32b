package io.virtseed.core.value;

import java.util.regex.Pattern;

/** A Linux network interface name: 1 to 15 characters (the kernel's IFNAMSIZ - 1), no '/' or spaces. */
public record IfName(String value) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");

    public IfName {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid interface name '" + value
                    + "': use 1 to 15 characters A-Z, a-z, 0-9, '_', '.', '-'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
