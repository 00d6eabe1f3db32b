package io.virtseed.core.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtseed.core.error.SpecException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Free-form JSON values (vendor data) as plain Java objects: a deep, immutable copy with every map
 * sorted by key, so the same content always renders to the same bytes whatever map the caller used.
 * Numbers are held as JSON reading gives them back (Integer, Long or BigInteger by size; Double),
 * so metadata saved and read back renders the same as the metadata that was saved: {@code up}
 * writes the drive from the one it saved, the metadata service serves what it reads.
 */
final class JsonValues {

    private JsonValues() {
    }

    /** A sorted, immutable deep copy; the error names the path of the offending value. */
    static Object canonical(Object value, String path) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            return integer(value instanceof BigInteger b ? b : BigInteger.valueOf(((Number) value).longValue()));
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            // as its JSON text reads back: a float's shortest text, a BigDecimal's own, parsed as a double
            double d = value instanceof Double x ? x : Double.parseDouble(value.toString());
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new SpecException(path + " is " + value + ", which JSON cannot hold as a number");
            }
            return d;
        }
        if (value instanceof Map<?, ?> map) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new SpecException(path + " has a key that is not a string: " + e.getKey());
                }
                sorted.put(key, canonical(e.getValue(), path + "." + key));
            }
            return Collections.unmodifiableSortedMap(sorted);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                copy.add(canonical(list.get(i), path + "[" + i + "]"));
            }
            return Collections.unmodifiableList(copy);
        }
        throw new SpecException(path + " holds a " + value.getClass().getSimpleName()
                + ": use only strings, numbers, booleans, null, lists and maps");
    }

    /** The smallest of Integer, Long, BigInteger that holds {@code b}, as a JSON reader picks. */
    private static Number integer(BigInteger b) {
        if (b.bitLength() < Integer.SIZE) {
            return b.intValue();
        }
        return b.bitLength() < Long.SIZE ? (Number) b.longValue() : b;
    }

    /**
     * The JSON tree of a value {@link #canonical} accepted. An instanceof chain rather than a type
     * switch: the switch's bootstrap generates classes at run time, which a one-shot
     * {@code drive build} paid for on every run.
     */
    static JsonNode toNode(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value == null) {
            return f.nullNode();
        } else if (value instanceof String s) {
            return f.textNode(s);
        } else if (value instanceof Boolean b) {
            return f.booleanNode(b);
        } else if (value instanceof Integer i) {
            return f.numberNode(i);
        } else if (value instanceof Long l) {
            return f.numberNode(l);
        } else if (value instanceof Short s) {
            return f.numberNode(s);
        } else if (value instanceof Byte b) {
            return f.numberNode(b);
        } else if (value instanceof BigInteger bi) {
            return f.numberNode(bi);
        } else if (value instanceof BigDecimal bd) {
            return f.numberNode(bd);
        } else if (value instanceof Double d) {
            return f.numberNode(d);
        } else if (value instanceof Float fl) {
            return f.numberNode(fl);
        } else if (value instanceof Map<?, ?> map) {
            ObjectNode node = f.objectNode();
            map.forEach((k, v) -> node.set((String) k, toNode(v)));
            return node;
        } else if (value instanceof List<?> list) {
            ArrayNode node = f.arrayNode();
            list.forEach(v -> node.add(toNode(v)));
            return node;
        }
        throw new IllegalArgumentException("not a canonical JSON value: " + value.getClass());
    }
}
