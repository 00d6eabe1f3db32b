package io.virtseed.core.lifecycle;

import java.util.Map;
import java.util.TreeMap;

/**
 * A properties file's text, as {@link java.util.Properties#load(java.io.Reader)} reads it back:
 * a comment line, then {@code key=value} lines sorted by key. {@code Properties#store} writes
 * the date as a second comment, and its first date in a process loads the time zone rules (the
 * JDK's rules file, and a look for other rule providers on the class path), some 5 to 15 ms of
 * an {@code up}. {@code PropertiesTextTest} holds the text to {@code load} on every kind of character.
 */
final class PropertiesText {

    private PropertiesText() {
    }

    static String of(String comment, Map<String, String> entries) {
        StringBuilder sb = new StringBuilder();
        sb.append('#');
        for (int i = 0; i < comment.length(); i++) {
            char c = comment.charAt(i);
            if (c == '\n' || c == '\r') {
                sb.append("\n#"); // a comment stays a comment on every line it takes
            } else {
                sb.append(c);
            }
        }
        sb.append('\n');
        for (Map.Entry<String, String> e : new TreeMap<>(entries).entrySet()) {
            escape(sb, e.getKey(), true);
            sb.append('=');
            escape(sb, e.getValue(), false);
            sb.append('\n');
        }
        return sb.toString();
    }

    /** What {@code load} reads as the text itself: the separators, comment marks, line ends and spaces escaped. */
    private static void escape(StringBuilder sb, String s, boolean key) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\f' -> sb.append("\\f");
                case ' ' -> sb.append(key || i == 0 ? "\\ " : " ");
                case '=', ':', '#', '!' -> sb.append('\\').append(c);
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029'
                            || c == '\u0085') {
                        sb.append(String.format("\\u%04x", (int) c)); // never written by us in practice
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }
}
