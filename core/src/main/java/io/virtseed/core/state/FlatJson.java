package io.virtseed.core.state;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a flat JSON object by hand: members whose values are strings, integers that fit a
 * {@code long}, booleans or {@code null}, each name once. A Jackson mapper's first read costs a
 * fresh process tens of ms (56 to 101 ms for an image's {@code image.json} in an {@code up}), for
 * files the project writes in this shape. Anything else (nesting, a fraction, a name twice, bad
 * UTF-8 or a lone surrogate, text after the object) answers empty, for the caller to read the
 * bytes with its mapper, so its answer and its errors stay the mapper's.
 * {@code FlatJsonTest} holds it to Jackson's reading of the same bytes.
 */
public final class FlatJson {

    /** Thrown inside only: not the shape read here. */
    private static final class Unsure extends Exception {
        Unsure() {
            super(null, null, false, false);
        }
    }

    private final String text;
    private int at;

    private FlatJson(String text) {
        this.text = text;
    }

    /** The members in file order (a JSON {@code null} as Java's), or empty when the mapper is to read these bytes. */
    public static Optional<Map<String, Object>> read(byte[] json) {
        String text = new String(json, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0) {
            return Optional.empty(); // bad UTF-8 (or a replacement character written as such): the mapper's to judge
        }
        try {
            return Optional.of(new FlatJson(text).object());
        } catch (Unsure | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Map<String, Object> object() throws Unsure {
        Map<String, Object> out = new LinkedHashMap<>();
        expect('{');
        if (peek() == '}') {
            at++;
        } else {
            while (true) {
                String name = string();
                expect(':');
                Object value = value();
                if (out.containsKey(name)) {
                    throw new Unsure();
                }
                out.put(name, value);
                char c = next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw new Unsure();
                }
            }
        }
        skipSpace();
        if (at != text.length()) {
            throw new Unsure();
        }
        return out;
    }

    private Object value() throws Unsure {
        char c = peek();
        if (c == '"') {
            return string();
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return integer();
        }
        for (String word : new String[] {"null", "true", "false"}) {
            if (text.startsWith(word, at)) {
                at += word.length();
                return word.equals("null") ? null : Boolean.valueOf(word.equals("true"));
            }
        }
        throw new Unsure();
    }

    private long integer() throws Unsure {
        int start = at;
        if (text.charAt(at) == '-') {
            at++;
        }
        int digits = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        int n = at - digits;
        if (n == 0 || n > 18 || (n > 1 && text.charAt(digits) == '0')) {
            throw new Unsure(); // none, one past a long's sure digits, or a leading zero
        }
        if (at < text.length() && ".eE".indexOf(text.charAt(at)) >= 0) {
            throw new Unsure();
        }
        return Long.parseLong(text, start, at, 10);
    }

    private String string() throws Unsure {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = text.charAt(at++);
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20 || Character.isSurrogate(c)) {
                throw new Unsure();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = text.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    char u = (char) Integer.parseInt(text, at, at + 4, 16);
                    if (Character.isSurrogate(u) || text.charAt(at) == '+' || text.charAt(at) == '-') {
                        throw new Unsure();
                    }
                    b.append(u);
                    at += 4;
                }
                default -> throw new Unsure();
            }
        }
    }

    private void expect(char c) throws Unsure {
        if (next() != c) {
            throw new Unsure();
        }
    }

    private char next() {
        skipSpace();
        return text.charAt(at++);
    }

    private char peek() {
        skipSpace();
        return text.charAt(at);
    }

    private void skipSpace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }
}
