package io.virtseed.core.spec;

import io.virtseed.core.error.SpecException;
import io.virtseed.core.error.SpecProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping read strictly: every key must be consumed or named as allowed, and every
 * error names the file, line, column and key. Used only by {@link SpecLoader}.
 */
final class SpecNode {

    private final Path file;
    private final String where;
    private final Node node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> allowed = new LinkedHashSet<>();

    SpecNode(Path file, String where, Node node) {
        this.file = file;
        this.where = where;
        this.node = node;
        if (!(node instanceof MappingNode mapping)) {
            throw error(node, where.isEmpty() ? "the spec must be a mapping of keys" : where + " must be a mapping of keys");
        }
        for (NodeTuple t : mapping.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw error(t.getKeyNode(), "keys must be plain strings");
            }
            if (entries.put(k.getValue(), t) != null) {
                throw error(k, "key '" + k.getValue() + "' appears twice");
            }
        }
    }

    Node node() {
        return node;
    }

    String where() {
        return where;
    }

    SpecException error(Node at, String message) {
        var mark = at.getStartMark();
        return new SpecException(List.of(new SpecProblem(file.toString(), mark.getLine() + 1, mark.getColumn() + 1,
                message)));
    }

    /** An error about the value of {@code key}. */
    SpecException error(String key, String message) {
        NodeTuple t = entries.get(key);
        return error(t == null ? node : t.getValueNode(), path(key) + ": " + message);
    }

    private String path(String key) {
        return where.isEmpty() ? key : where + "." + key;
    }

    /** Names keys this mapping may hold, for a reader that may stop before it asks for each. */
    void allow(String... keys) {
        allowed.addAll(List.of(keys));
    }

    boolean has(String key) {
        allowed.add(key);
        return entries.containsKey(key) && !isNull(entries.get(key).getValueNode());
    }

    Optional<Node> raw(String key) {
        allowed.add(key);
        NodeTuple t = entries.get(key);
        return t == null || isNull(t.getValueNode()) ? Optional.empty() : Optional.of(t.getValueNode());
    }

    Optional<String> string(String key) {
        return raw(key).map(n -> scalar(key, n));
    }

    String requiredString(String key) {
        return string(key).orElseThrow(() -> error(node, path(key) + " is required"));
    }

    Optional<Integer> integer(String key) {
        return raw(key).map(n -> {
            if (!(n instanceof ScalarNode s) || !Tag.INT.equals(s.getTag())) {
                throw error(n, path(key) + " must be a whole number");
            }
            try {
                return Integer.parseInt(s.getValue());
            } catch (NumberFormatException e) {
                throw error(n, path(key) + " must be a whole number, not " + s.getValue());
            }
        });
    }

    Optional<Boolean> bool(String key) {
        return raw(key).map(n -> {
            if (!(n instanceof ScalarNode s) || !Tag.BOOL.equals(s.getTag())) {
                throw error(n, path(key) + " must be true or false");
            }
            return Boolean.parseBoolean(s.getValue()) || s.getValue().equalsIgnoreCase("yes")
                    || s.getValue().equalsIgnoreCase("on");
        });
    }

    List<Node> list(String key) {
        return raw(key).map(n -> {
            if (!(n instanceof SequenceNode seq)) {
                throw error(n, path(key) + " must be a list");
            }
            return seq.getValue();
        }).orElse(List.of());
    }

    List<String> stringList(String key) {
        List<String> out = new ArrayList<>();
        List<Node> items = list(key);
        for (int i = 0; i < items.size(); i++) {
            out.add(scalar(key + "[" + i + "]", items.get(i)));
        }
        return out;
    }

    Optional<SpecNode> child(String key) {
        return raw(key).map(n -> new SpecNode(file, path(key), n));
    }

    SpecNode item(String key, int index, Node n) {
        return new SpecNode(file, path(key) + "[" + index + "]", n);
    }

    /** String to string map (for {@code meta}); numbers and booleans are taken as their text. */
    Map<String, String> stringMap(String key) {
        Map<String, String> out = new LinkedHashMap<>();
        raw(key).ifPresent(n -> {
            if (!(n instanceof MappingNode m)) {
                throw error(n, path(key) + " must be a mapping of strings");
            }
            for (NodeTuple t : m.getValue()) {
                String k = scalar(key, t.getKeyNode());
                out.put(k, scalar(key + "." + k, t.getValueNode()));
            }
        });
        return out;
    }

    /** A nested structure as plain Java values (maps, lists, strings, numbers, booleans, null). */
    Object plain(Node n) {
        if (n instanceof ScalarNode s) {
            Tag tag = s.getTag();
            if (Tag.NULL.equals(tag)) {
                return null;
            }
            if (Tag.BOOL.equals(tag)) {
                return Boolean.parseBoolean(s.getValue());
            }
            if (Tag.INT.equals(tag)) {
                try {
                    return Long.parseLong(s.getValue());
                } catch (NumberFormatException e) {
                    return s.getValue();
                }
            }
            if (Tag.FLOAT.equals(tag)) {
                try {
                    return Double.parseDouble(s.getValue());
                } catch (NumberFormatException e) {
                    return s.getValue();
                }
            }
            return s.getValue();
        }
        if (n instanceof SequenceNode seq) {
            List<Object> out = new ArrayList<>();
            seq.getValue().forEach(v -> out.add(plain(v)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (NodeTuple t : ((MappingNode) n).getValue()) {
            out.put(scalar("key", t.getKeyNode()), plain(t.getValueNode()));
        }
        return out;
    }

    /** Fails on the keys that no reader asked for, naming each and what is allowed. */
    void rejectUnknownKeys() {
        List<SpecProblem> unknown = new ArrayList<>();
        for (var e : entries.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                unknown.addAll(error(e.getValue().getKeyNode(), "unknown key '" + path(e.getKey())
                        + "'; allowed here: " + String.join(", ", allowed)).problems());
            }
        }
        if (!unknown.isEmpty()) {
            throw new SpecException(unknown);
        }
    }

    private String scalar(String key, Node n) {
        if (!(n instanceof ScalarNode s)) {
            throw error(n, path(key) + " must be a single value, not a list or mapping");
        }
        return s.getValue();
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }
}
