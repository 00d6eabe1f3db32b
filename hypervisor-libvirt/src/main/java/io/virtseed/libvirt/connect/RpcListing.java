package io.virtseed.libvirt.connect;

import io.virtseed.core.ports.MachineStatus;
import io.virtseed.core.value.InstanceName;
import io.virtseed.libvirt.domain.DomainXmlReader;
import io.virtseed.libvirt.domain.Ownership;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link LeanListing}'s answer for the local system daemon ({@code qemu:///system}), asked over
 * libvirtd's UNIX socket in libvirt's own RPC protocol: the calls libvirt's remote driver makes
 * for the same C calls, without loading libvirt's library or JNA, which cost a short command
 * more than its whole listing. The sequence is the remote driver's: the authentication types,
 * the connection opened by name, the listing, then per guest of ours its tag and its state, and
 * the connection closed. {@link #open} does the first part, which does not depend on the names
 * asked for and costs the most (the JDK's own set-up of a UNIX socket, some 20 ms), so that it
 * can run while the caller reads its records.
 *
 * <pre>{@code try (RpcListing l = RpcListing.open(RpcListing.SOCKET, RpcListing.TIMEOUT).orElseThrow()) {
 *     Optional<Map<InstanceName, MachineStatus>> states = l.states(root, names);
 * }}</pre>
 *
 * <p>As {@link LeanListing}, it answers empty whenever it is unsure: no socket, another daemon
 * than the one libvirt's library would pick, an authentication other than none, any error other
 * than a guest without a tag or one that vanished meanwhile, any reply of another shape, no
 * answer within the timeout.
 */
final class RpcListing implements AutoCloseable {

    /** The one URI this listing answers for. */
    static final String URI = "qemu:///system";
    /** libvirtd's read-write socket, where libvirt's library connects for {@link #URI}. */
    static final Path SOCKET = Path.of("/var/run/libvirt/libvirt-sock");
    /** The whole conversation's bound: a daemon that does not answer in time is left to the adapter. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** The QEMU driver's own daemon, which libvirt's library prefers to libvirtd when its socket exists. */
    private static final String MODULAR_SOCKET = "virtqemud-sock";
    /** Where a client's {@code remote_mode} could send libvirt's library to another daemon. */
    private static final Path CLIENT_CONFIG = Path.of("/etc/libvirt/libvirt.conf");

    // procedure numbers of remote_protocol.x
    static final int CONNECT_OPEN = 1;
    static final int CONNECT_CLOSE = 2;
    static final int AUTH_LIST = 66;
    static final int DOMAIN_GET_STATE = 212;
    static final int DOMAIN_GET_METADATA = 265;
    static final int CONNECT_LIST_ALL_DOMAINS = 273;
    /** {@code REMOTE_AUTH_NONE}. */
    static final int AUTH_NONE = 0;
    /** {@code VIR_ERR_NO_DOMAIN}: the domain vanished between two calls. */
    static final int NO_DOMAIN = 42;
    /** {@code VIR_ERR_NO_DOMAIN_METADATA}: the domain has no such element, so it is not virtseed's. */
    static final int NO_DOMAIN_METADATA = 80;
    /** {@code VIR_DOMAIN_METADATA_ELEMENT}. */
    static final int METADATA_ELEMENT = 2;
    private static final int UUID_BYTES = 16;
    private static final byte[] NO_ARGS = new byte[0];

    /** A {@code remote_nonnull_domain}, as the listing names each domain. */
    private record Dom(String name, byte[] uuid, int id) {
        Xdr.Writer write(Xdr.Writer w) {
            return w.string(name).opaque(uuid).integer(id);
        }
    }

    private final RemoteClient client;
    /** The daemon's domains, active and inactive alike, as the listing named them. */
    private final List<Dom> domains;

    private RpcListing(RemoteClient client, List<Dom> domains) {
        this.client = client;
        this.domains = domains;
    }

    /**
     * True when {@code uri} is {@link #URI} and libvirt's library would connect to
     * {@code socket} for it: the socket is there, no modular QEMU daemon's beside it, and the
     * client's configuration (read for root, whose is {@code /etc/libvirt}) chooses no mode.
     */
    static boolean applies(String uri, Path socket) {
        return applies(uri, socket, CLIENT_CONFIG);
    }

    /** As {@link #applies(String, Path)}, with the client's configuration at {@code clientConfig}. */
    static boolean applies(String uri, Path socket, Path clientConfig) {
        if (!URI.equals(uri) || !Files.exists(socket) || Files.exists(socket.resolveSibling(MODULAR_SOCKET))) {
            return false;
        }
        if (!Files.exists(clientConfig)) {
            return true;
        }
        try {
            for (String line : Files.readAllLines(clientConfig)) {
                if (line.strip().startsWith("remote_mode")) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The states of those of {@code names} whose domain exists and belongs to {@code root} (an
     * absolute, normalized path), as {@link LibvirtHypervisor#states} gives them; empty when
     * unsure.
     */
    static Optional<Map<InstanceName, MachineStatus>> states(Path socket, Duration timeout, Path root,
            Set<InstanceName> names) {
        Optional<RpcListing> listing = open(socket, timeout);
        return listing.isEmpty() ? Optional.empty() : listing.get().states(root, names);
    }

    /**
     * Connects, opens {@link #URI} and lists its domains: all a listing asks before it knows
     * which names it wants, and (with the JDK's set-up of a UNIX socket) most of its cost.
     * {@code timeout} bounds the whole conversation, {@link #states(Path, Set)} included. Empty
     * when unsure.
     */
    static Optional<RpcListing> open(Path socket, Duration timeout) {
        RemoteClient client = null;
        try {
            client = RemoteClient.connect(socket, timeout);
            authenticate(client);
            byte[] open = new Xdr.Writer().optionalString(Optional.of(URI)).integer(0).toBytes();
            done(client.call(CONNECT_OPEN, open)).end();
            // need_results 1, flags 0: active and inactive alike
            byte[] all = new Xdr.Writer().integer(1).integer(0).toBytes();
            return Optional.of(new RpcListing(client, list(done(client.call(CONNECT_LIST_ALL_DOMAINS, all)))));
        } catch (IOException | RuntimeException e) {
            if (client != null) {
                client.close();
            }
            return Optional.empty();
        }
    }

    /**
     * As {@link #states(Path, Duration, Path, Set)}, from the domains listed; then closes the
     * connection, answer or not.
     */
    Optional<Map<InstanceName, MachineStatus>> states(Path root, Set<InstanceName> names) {
        try {
            Map<InstanceName, MachineStatus> out = states(client, domains, root, names);
            try {
                client.send(CONNECT_CLOSE, NO_ARGS); // its reply is not waited for
            } catch (IOException e) {
                // the answer is in, and the daemon closes the connection on the hang-up alike
            }
            return Optional.of(out);
        } catch (IOException | RuntimeException e) { // a malformed tag too: the adapter reports it
            return Optional.empty();
        } finally {
            client.close();
        }
    }

    /** Hangs up, if {@link #states(Path, Set)} did not. */
    @Override
    public void close() {
        client.close();
    }

    private static void authenticate(RemoteClient client) throws IOException {
        Xdr.Reader auth = done(client.call(AUTH_LIST, NO_ARGS));
        int n = auth.count(4);
        int type = n == 1 ? auth.integer() : -1;
        auth.end();
        if (type != AUTH_NONE) {
            throw new ProtocolException("authentication other than none"); // the library's to do
        }
    }

    private static Map<InstanceName, MachineStatus> states(RemoteClient client, List<Dom> domains, Path root,
            Set<InstanceName> names) throws IOException {
        Map<String, InstanceName> wanted = new HashMap<>();
        for (InstanceName n : names) {
            wanted.put(n.value(), n);
        }
        List<Dom> ours = new ArrayList<>();
        for (Dom d : domains) {
            if (wanted.containsKey(d.name())) {
                ours.add(d);
            }
        }
        // each guest's tag and state asked at once: the state of one that is not ours is read, not used
        List<RemoteClient.Call> calls = new ArrayList<>(2 * ours.size());
        for (Dom d : ours) {
            calls.add(new RemoteClient.Call(DOMAIN_GET_METADATA, d.write(new Xdr.Writer()).integer(METADATA_ELEMENT)
                    .optionalString(Optional.of(Ownership.NAMESPACE)).integer(0).toBytes()));
            calls.add(new RemoteClient.Call(DOMAIN_GET_STATE, d.write(new Xdr.Writer()).integer(0).toBytes()));
        }
        List<RemoteClient.Reply> replies = client.callAll(calls);
        Map<InstanceName, MachineStatus> out = new HashMap<>();
        DomainXmlReader reader = ours.isEmpty() ? null : new DomainXmlReader();
        for (int i = 0; i < ours.size(); i++) {
            Dom d = ours.get(i);
            if (isOurs(replies.get(2 * i), d.name(), root, reader)) {
                Optional<MachineStatus> s = state(replies.get(2 * i + 1));
                if (s.isPresent()) {
                    out.put(wanted.get(d.name()), s.get());
                }
            }
        }
        return out;
    }

    /** A {@code remote_connect_list_all_domains_ret}: the domains, then their count again. */
    private static List<Dom> list(Xdr.Reader r) throws ProtocolException {
        int n = r.count(4 + UUID_BYTES + 4); // an empty name, the uuid, the id
        List<Dom> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Dom(r.string(), r.opaque(UUID_BYTES), r.integer()));
        }
        if (r.integer() != n) {
            throw new ProtocolException("a listing that counts its domains otherwise");
        }
        r.end();
        return out;
    }

    /**
     * As {@link DomainOwners#stateIfOurs}: false for another folder's domain, a foreign one, or
     * one that vanished. (No pattern switch here or below: its bootstrap costs a short command
     * more than the call.)
     */
    private static boolean isOurs(RemoteClient.Reply metadata, String name, Path root, DomainXmlReader reader)
            throws ProtocolException {
        if (metadata instanceof RemoteClient.Done(Xdr.Reader r)) {
            String xml = r.string();
            r.end();
            Optional<Ownership> tag = reader.readTag(xml, name);
            return tag.isPresent() && tag.get().belongsTo(root);
        }
        int code = ((RemoteClient.Failed) metadata).code();
        if (code == NO_DOMAIN_METADATA || code == NO_DOMAIN) {
            return false;
        }
        throw new ProtocolException("metadata: libvirt error " + code);
    }

    private static Optional<MachineStatus> state(RemoteClient.Reply reply) throws ProtocolException {
        if (reply instanceof RemoteClient.Done(Xdr.Reader r)) {
            int state = r.integer();
            int reason = r.integer();
            r.end();
            return Optional.of(DomainReasons.status(state, reason));
        }
        int code = ((RemoteClient.Failed) reply).code();
        if (code == NO_DOMAIN) {
            return Optional.empty();
        }
        throw new ProtocolException("state: libvirt error " + code);
    }

    private static Xdr.Reader done(RemoteClient.Reply reply) throws ProtocolException {
        if (reply instanceof RemoteClient.Done(Xdr.Reader r)) {
            return r;
        }
        throw new ProtocolException("libvirt error " + ((RemoteClient.Failed) reply).code());
    }
}
