package io.virtseed.core.value;

/**
 * An instance name: {@code [a-z0-9-]}, 1 to 63 characters, starting with a letter, not ending
 * with a hyphen. It is a valid DNS label, a valid libvirt domain name and a safe directory name.
 */
public record InstanceName(String value) implements Comparable<InstanceName> {

    public InstanceName {
        if (!valid(value)) {
            throw new IllegalArgumentException("invalid instance name '" + value
                    + "': use 1 to 63 characters a-z, 0-9 and '-', starting with a letter and not ending with '-'");
        }
    }

    /**
     * {@code [a-z](?:[a-z0-9-]{0,61}[a-z0-9])?}, checked by hand: a listing checks every folder's
     * name, and the regex engine's first matches run cold ({@code InstanceNameTest} holds the two
     * to the same answers).
     */
    static boolean valid(String value) {
        if (value == null) {
            return false;
        }
        int n = value.length();
        if (n < 1 || n > 63) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            boolean letter = c >= 'a' && c <= 'z';
            boolean digit = c >= '0' && c <= '9';
            boolean ok = i == 0 ? letter : letter || digit || c == '-' && i < n - 1;
            if (!ok) {
                return false;
            }
        }
        return true;
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
