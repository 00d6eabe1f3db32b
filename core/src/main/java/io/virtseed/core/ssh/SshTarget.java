package io.virtseed.core.ssh;

import io.virtseed.core.value.IpAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to reach one guest with the system {@code ssh}: its address, the namespace of its network
 * (which has an address on the guest's bridge whatever the network's mode, where the host may
 * have none), the login, virtseed's key for it and the host keys to hold it to.
 *
 * <pre>{@code
 * List<String> argv = target.argv(List.of("uname", "-a"), true); // an argument list, run without a shell
 * }</pre>
 *
 * @param alias      the name the host keys are filed under in {@code knownHosts} (the instance's)
 * @param netns      the namespace ssh runs in ({@code ip netns exec}); empty: the host's own
 * @param identity   virtseed's private key for the guest; empty: ssh's own identities
 * @param pinned     true: known_hosts holds the keys the guest printed on its console and ssh
 *                   accepts no other; false: the first key seen is kept (trust on first use)
 */
public record SshTarget(String user, IpAddress address, String alias, Optional<String> netns,
        Optional<Path> identity, Path knownHosts, boolean pinned) {

    /** How long ssh waits for the TCP connection before it gives up. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * ssh expands {@code %} tokens and {@code ~} in file options and splits UserKnownHostsFile
     * at spaces: a path is passed only when it holds none of that.
     */
    private static final Pattern PLAIN_PATH = Pattern.compile("/[A-Za-z0-9/._+,=@-]*");
    private static final Pattern ALIAS = Pattern.compile("[a-z0-9][a-z0-9.-]*");

    public SshTarget {
        SshUsers.problem(user).ifPresent(p -> {
            throw new IllegalArgumentException("ssh user " + p);
        });
        Objects.requireNonNull(address, "address");
        if (!ALIAS.matcher(alias).matches()) {
            throw new IllegalArgumentException("host key alias '" + alias + "' is not a plain name");
        }
        Objects.requireNonNull(netns, "netns");
        identity.ifPresent(SshTarget::requirePlain);
        requirePlain(knownHosts);
    }

    private static void requirePlain(Path p) {
        if (!PLAIN_PATH.matcher(p.toString()).matches()) {
            throw new IllegalArgumentException("ssh cannot be given the path '" + p + "' as it is (it must be"
                    + " absolute, of letters, digits and / . _ + , = @ -): use a --state-dir without spaces or %");
        }
    }

    /**
     * The full argument list: {@code [ip netns exec NS] ssh OPTIONS ADDRESS [-- COMMAND...]}. The
     * command's words go to ssh as they are; ssh joins them with spaces for the remote shell, as
     * a plain {@code ssh host cmd} does.
     *
     * @param batch true for programs: no password or passphrase prompt, a failure instead
     */
    public List<String> argv(List<String> command, boolean batch) {
        List<String> out = new ArrayList<>();
        netns.ifPresent(ns -> out.addAll(List.of("ip", "netns", "exec", ns)));
        out.add("ssh");
        // only virtseed's key: an agent's many keys could use up the server's MaxAuthTries first
        identity.ifPresent(k -> out.addAll(List.of("-i", k.toString(), "-o", "IdentitiesOnly=yes")));
        out.addAll(List.of("-o", "UserKnownHostsFile=" + knownHosts, "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "HostKeyAlias=" + alias, "-o", "StrictHostKeyChecking=" + (pinned ? "yes" : "accept-new"),
                "-o", "UpdateHostKeys=no", "-o", "CheckHostIP=no",
                "-o", "ConnectTimeout=" + CONNECT_TIMEOUT.toSeconds(), "-o", "LogLevel=ERROR"));
        if (batch) {
            out.addAll(List.of("-o", "BatchMode=yes"));
        }
        out.addAll(List.of("-l", user, address.toString()));
        if (!command.isEmpty()) {
            out.add("--"); // ssh reads options after the host too: what follows is the command, even "-x"
            out.addAll(command);
        }
        return List.copyOf(out);
    }
}
