package io.virtseed.network.linux;

import io.virtseed.core.exec.Command;
import io.virtseed.core.exec.CommandRunner;
import io.virtseed.core.ports.NetworkContext;
import io.virtseed.core.state.NetworkRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Everything on this host that carries a network's id: links, namespaces, iptables chains and
 * rules, processes whose command line names its folder, and files in its folder. What a removed
 * network must leave none of; tests and the leak check use it.
 */
public final class HostScan {

    private final CommandRunner runner;
    private final HostPaths paths;

    public HostScan(CommandRunner runner, HostPaths paths) {
        this.runner = runner;
        this.paths = paths;
    }

    /** One line per thing found, like {@code link vs-1a2b3c-h}; empty when the host is clean. */
    public List<String> find(NetworkContext network) {
        NetworkRecord net = network.record();
        String id = net.id();
        List<String> found = new ArrayList<>();
        runner.run(Command.of("ip", "-o", "link", "show")).stdout().lines()
                .map(l -> l.split(":\\s+", 3)).filter(p -> p.length > 1).map(p -> p[1].split("@")[0])
                .filter(n -> n.contains(id)).forEach(n -> found.add("link " + n));
        runner.run(Command.of("ip", "netns", "list")).stdout().lines().map(l -> l.split(" ")[0])
                .filter(n -> n.contains(id)).forEach(n -> found.add("namespace " + n));
        String chains = net.chainPrefix();
        runner.run(Command.of("iptables-save")).stdout().lines()
                .filter(l -> l.toUpperCase(Locale.ROOT).contains(chains)).forEach(l -> found.add("iptables " + l));
        found.addAll(processes(network.dir()));
        found.addAll(files(network.dir()));
        return found;
    }

    private List<String> processes(Path dir) {
        List<String> found = new ArrayList<>();
        String needle = dir.toString();
        try (Stream<Path> procs = Files.list(paths.proc())) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    if (cmd.contains(needle) && Long.parseLong(p.getFileName().toString()) != ProcessHandle.current().pid()) {
                        found.add("process " + p.getFileName() + " " + cmd.strip());
                    }
                } catch (IOException e) {
                    // the process ended while we looked
                }
            });
        } catch (IOException e) {
            found.add("cannot list processes: " + e.getMessage());
        }
        return found;
    }

    /** Our files in the folder, and temp files of our atomic writes; the folder and core's files are not ours. */
    private static List<String> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> ours = new DnsmasqConfig(dir).files().stream().map(f -> f.getFileName().toString()).toList();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                String name = f.getFileName().toString();
                return ours.contains(name) || ours.stream().anyMatch(o -> name.startsWith("." + o + ".tmp-"));
            }).map(f -> "file " + f).toList();
        } catch (IOException e) {
            return List.of("cannot list " + dir + ": " + e.getMessage());
        }
    }
}
