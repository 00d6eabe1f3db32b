package io.virtseed.core.state;

/**
 * JSON strings written by hand as the project's Jackson mappers write them (standard escapes, no
 * escaping of {@code /} or of non-ASCII text), for the writers that spare a fresh process the
 * mapper's start-up: {@link RecordWriter} and the metadata file's.
 */
public final class JsonStrings {

    private static final String HEX = "0123456789ABCDEF";

    private JsonStrings() {
    }

    /**
     * Appends {@code s} quoted and escaped, or {@code null}; false, with {@code b} then unusable,
     * for a string with a surrogate, which the mapper writes its own way (and refuses alone).
     */
    public static boolean append(StringBuilder b, String s) {
        if (s == null) {
            b.append("null");
            return true;
        }
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isSurrogate(ch)) {
                return false;
            }
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append("\\u00").append(HEX.charAt(ch >> 4)).append(HEX.charAt(ch & 15));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        b.append('"');
        return true;
    }
}
