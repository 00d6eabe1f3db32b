package io.virtseed.network.linux;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The output of {@code iptables-save}, by table: the chains each declares and its rules
 * ({@code -A CHAIN ...} lines, in order).
 */
record IptablesSave(Map<String, List<String>> chains, Map<String, List<String>> rules) {

    static IptablesSave parse(String text) {
        Map<String, List<String>> chains = new LinkedHashMap<>();
        Map<String, List<String>> rules = new LinkedHashMap<>();
        String table = "";
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("*")) {
                table = line.substring(1);
                chains.put(table, new ArrayList<>());
                rules.put(table, new ArrayList<>());
            } else if (line.startsWith(":") && !table.isEmpty()) {
                int sp = line.indexOf(' ');
                chains.get(table).add(sp < 0 ? line.substring(1) : line.substring(1, sp));
            } else if (line.startsWith("-A ") && !table.isEmpty()) {
                rules.get(table).add(line);
            }
        }
        return new IptablesSave(chains, rules);
    }

    List<String> chains(String table) {
        return chains.getOrDefault(table, List.of());
    }

    List<String> rules(String table) {
        return rules.getOrDefault(table, List.of());
    }

    /** The rules of one chain of a table. */
    List<String> rules(String table, String chain) {
        String head = "-A " + chain + " ";
        return rules(table).stream().filter(r -> r.startsWith(head)).toList();
    }
}
