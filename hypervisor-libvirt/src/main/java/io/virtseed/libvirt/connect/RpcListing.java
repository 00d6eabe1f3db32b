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
 * the connection closed.
 *
 * <p>As {@link LeanListing}, it answers empty whenever it is unsure: no socket, another daemon
 * than the one libvirt's library would pick, an authentication other than none, any error other
 * than a guest without a tag or one that vanished meanwhile, any reply of another shape, no
 * answer within the timeout.
 */
final class RpcListing {

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

    private RpcListing() {
    }

    /**
     * True when {@code uri} is {@link #URI} and libvirt's library would connect to
     * {@code socket} for it: the socket is there, no modular QEMU daemon's beside it, and the
     * client's configuration (read for root, whose is {@code /etc/libvirt}) chooses no mode.
     */
    static boolean applies(String uri, Path socket) {
        if (!URI.equals(uri) || !Files.exists(socket) || Files.exists(socket.resolveSibling(MODULAR_SOCKET))) {
            return false;
        }
        try {
            return !Files.exists(CLIENT_CONFIG) || Files.readAllLines(CLIENT_CONFIG).stream()
                    .noneMatch(l -> l.strip().startsWith("remote_mode"));
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
        try (RemoteClient client = RemoteClient.connect(socket, timeout)) {
            open(client);
            Map<InstanceName, MachineStatus> out = states(client, root, names);
            client.call(CONNECT_CLOSE, NO_ARGS); // its error changes nothing: the answer is in
            return Optional.of(out);
        } catch (IOException | RuntimeException e) { // a malformed tag too: the adapter reports it
            return Optional.empty();
        }
    }

    private static void open(RemoteClient client) throws IOException {
        Xdr.Reader auth = done(client.call(AUTH_LIST, NO_ARGS));
        int n = auth.count(4);
        int type = n == 1 ? auth.integer() : -1;
        auth.end();
        if (type != AUTH_NONE) {
            throw new ProtocolException("authentication other than none"); // the library's to do
        }
        byte[] args = new Xdr.Writer().optionalString(Optional.of(URI)).integer(0).toBytes();
        done(client.call(CONNECT_OPEN, args)).end();
    }

    private static Map<InstanceName, MachineStatus> states(RemoteClient client, Path root, Set<InstanceName> names)
            throws IOException {
        Map<String, InstanceName> wanted = new HashMap<>();
        names.forEach(n -> wanted.put(n.value(), n));
        // need_results 1, flags 0: active and inactive alike
        byte[] args = new Xdr.Writer().integer(1).integer(0).toBytes();
        List<Dom> ours = new ArrayList<>();
        for (Dom d : list(done(client.call(CONNECT_LIST_ALL_DOMAINS, args)))) {
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
                state(replies.get(2 * i + 1)).ifPresent(s -> out.put(wanted.get(d.name()), s));
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

    /** As {@link DomainOwners#stateIfOurs}: false for another folder's domain, a foreign one, or one that vanished. */
    private static boolean isOurs(RemoteClient.Reply metadata, String name, Path root, DomainXmlReader reader)
            throws ProtocolException {
        return switch (metadata) {
            case RemoteClient.Done(Xdr.Reader r) -> {
                String xml = r.string();
                r.end();
                yield reader.readTag(xml, name).filter(o -> o.belongsTo(root)).isPresent();
            }
            case RemoteClient.Failed(int code) when code == NO_DOMAIN_METADATA || code == NO_DOMAIN -> false;
            case RemoteClient.Failed f -> throw new ProtocolException("metadata: libvirt error " + f.code());
        };
    }

    private static Optional<MachineStatus> state(RemoteClient.Reply reply) throws ProtocolException {
        return switch (reply) {
            case RemoteClient.Done(Xdr.Reader r) -> {
                int state = r.integer();
                int reason = r.integer();
                r.end();
                yield Optional.of(DomainReasons.status(state, reason));
            }
            case RemoteClient.Failed(int code) when code == NO_DOMAIN -> Optional.empty();
            case RemoteClient.Failed f -> throw new ProtocolException("state: libvirt error " + f.code());
        };
    }

    private static Xdr.Reader done(RemoteClient.Reply reply) throws ProtocolException {
        if (reply instanceof RemoteClient.Done(Xdr.Reader r)) {
            return r;
        }
        throw new ProtocolException("libvirt error " + ((RemoteClient.Failed) reply).code());
    }
}
