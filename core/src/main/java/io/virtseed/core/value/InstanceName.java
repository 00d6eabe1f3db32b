package io.virtseed.core.value;

import java.util.regex.Pattern;

/**
 * An instance name: {@code [a-z0-9-]}, 1 to 63 characters, starting with a letter, not ending
 * with a hyphen. It is a valid DNS label, a valid libvirt domain name and a safe directory name.
 */
public record InstanceName(String value) implements Comparable<InstanceName> {

    private static final Pattern VALID = Pattern.compile("[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?");

    public InstanceName {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid instance name '" + value
                    + "': use 1 to 63 characters a-z, 0-9 and '-', starting with a letter and not ending with '-'");
        }
    }

    public static InstanceName of(String value) {
        return new InstanceName(value);
    }

    // equals and hashCode written out: a record's own are bootstrapped on first use (method
    // handles spun at run time), some 10 ms of an ls, which puts every name in a set
    @Override
    public boolean equals(Object o) {
        return o instanceof InstanceName n && value.equals(n.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public int compareTo(InstanceName o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
