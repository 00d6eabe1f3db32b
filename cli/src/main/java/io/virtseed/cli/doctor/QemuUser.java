package io.virtseed.cli.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user and groups libvirt's system instance runs QEMU as: {@code user} and {@code group} in
 * {@code qemu.conf}, else Debian's build default {@code libvirt-qemu}; QEMU keeps the user's
 * supplementary groups too.
 *
 * @param name how qemu.conf names it
 * @param gids the configured group, the user's own group and every group listing the user
 */
record QemuUser(String name, int uid, Set<Integer> gids) {

    static final String DEBIAN_DEFAULT = "libvirt-qemu";

    QemuUser {
        gids = Set.copyOf(gids);
    }

    boolean root() {
        return uid == 0;
    }

    /**
     * Reads the three files.
     *
     * @throws IllegalStateException naming the problem, when the user does not exist
     */
    static QemuUser resolve(Path qemuConf, Path passwd, Path group) throws IOException {
        String conf = Files.exists(qemuConf) ? Files.readString(qemuConf) : "";
        String user = setting(conf, "user").orElse(DEBIAN_DEFAULT);
        String groupName = setting(conf, "group").orElse(DEBIAN_DEFAULT);
        List<String[]> users = table(passwd);
        List<String[]> groups = table(group);
        String[] entry = find(users, user, 2).orElseThrow(() -> new IllegalStateException(
                "QEMU's user " + user + " (" + (conf.isEmpty() ? "libvirt's default" : "from " + qemuConf)
                        + ") is not in " + passwd));
        Set<Integer> gids = new HashSet<>();
        gids.add(Integer.parseInt(entry[3]));
        find(groups, groupName, 2).ifPresent(g -> gids.add(Integer.parseInt(g[2])));
        for (String[] g : groups) {
            if (g.length > 3 && List.of(g[3].split(",")).contains(entry[0])) {
                gids.add(Integer.parseInt(g[2]));
            }
        }
        return new QemuUser(user, Integer.parseInt(entry[2]), gids);
    }

    /** {@code key = "value"} on a line of its own; the file ships every setting commented out. */
    static Optional<String> setting(String conf, String key) {
        Matcher m = Pattern.compile("(?m)^\\s*" + key + "\\s*=\\s*\"([^\"]*)\"").matcher(conf);
        String value = null;
        while (m.find()) {
            value = m.group(1); // libvirt keeps the last one
        }
        return Optional.ofNullable(value);
    }

    /**
     * libvirt reads a value as a name first, then as a number; {@code +N} is always the number.
     *
     * @param idColumn where the numeric id is in the table's lines
     */
    private static Optional<String[]> find(List<String[]> table, String value, int idColumn) {
        if (value.startsWith("+")) {
            return table.stream().filter(e -> e[idColumn].equals(value.substring(1))).findFirst()
                    .or(() -> Optional.of(numericOnly(value.substring(1))));
        }
        return table.stream().filter(e -> e[0].equals(value)).findFirst()
                .or(() -> table.stream().filter(e -> e[idColumn].equals(value)).findFirst());
    }

    /** A uid with no passwd line still runs QEMU; its own group is then 0 only if it is root. */
    private static String[] numericOnly(String id) {
        return new String[] {"+" + id, "x", id, id.equals("0") ? "0" : "-1"};
    }

    private static List<String[]> table(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split(":", -1)).filter(f -> f.length >= 4 && f[2].matches("\\d+")).toList();
    }
}
