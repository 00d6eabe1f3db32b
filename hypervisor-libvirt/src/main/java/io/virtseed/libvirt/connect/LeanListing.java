package io.virtseed.libvirt.connect;

import io.virtseed.core.ports.MachineStatus;
import io.virtseed.core.value.InstanceName;
import io.virtseed.libvirt.domain.DomainXmlReader;
import io.virtseed.libvirt.domain.Ownership;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The states of one state folder's guests, as {@link LibvirtHypervisor#states} gives them, for
 * {@code ls}: one connection, one listing, a few calls per guest of ours, and nothing else set up.
 * The adapter's way costs a short command most of its run: libvirt-java's JNA interface is a
 * dynamic proxy with hundreds of methods (its classes are spun at run time, so no AOT cache holds
 * them), then the pool, the event loop and the logging. For the local system daemon
 * ({@code qemu:///system}) {@link RpcListing} speaks libvirt's protocol on libvirtd's socket
 * itself, with no library to load at all; for the other URIs, and where that one is unsure,
 * {@link NativeListing} makes the few C calls itself. The owner check is {@link DomainOwners}'s:
 * the tag from {@code virDomainGetMetadata}, read by {@link DomainXmlReader#readTag}, and
 * {@link Ownership#belongsTo}.
 *
 * <p>It answers only where it surely answers the same: a local {@code qemu:} or {@code test:}
 * URI, a connection opened without credentials, every call as expected. Anything else (another
 * transport, a daemon that does not answer, a call that fails for another reason than a guest
 * that vanished meanwhile) answers empty, and the caller asks the adapter, which then says what
 * is wrong in its own words.
 */
public final class LeanListing {

    private LeanListing() {
    }

    /**
     * Starts a listing of {@code uri} on another thread, up to where it needs the names: for the
     * system daemon, connecting to its socket and listing its domains; else (or where that is
     * unsure) loading and binding libvirt's library. Either is most of a listing's cost, so a
     * caller with work of its own (reading its records) has it done meanwhile; never throws.
     *
     * <pre>{@code try (LeanListing.Pending listing = LeanListing.begin(uri)) {
     *     Set<InstanceName> names = ...; // meanwhile
     *     Optional<Map<InstanceName, MachineStatus>> states = listing.states(stateRoot, names);
     * }}</pre>
     */
    public static Pending begin(String uri) {
        return begin(uri, RpcListing.SOCKET);
    }

    /** As {@link #begin(String)}, with libvirtd's socket at {@code socket}. */
    static Pending begin(String uri, Path socket) {
        FutureTask<Optional<RpcListing>> task = new FutureTask<>(new Preparation(uri, socket));
        Thread t = new Thread(task, "virtseed-lean-listing");
        t.setDaemon(true);
        t.start();
        return new Pending(uri, task);
    }

    /** What {@link #begin} does on its thread: the protocol's connection, or else the library bound. */
    private record Preparation(String uri, Path socket) implements Callable<Optional<RpcListing>> {
        @Override
        public Optional<RpcListing> call() {
            if (!handles(uri)) {
                return Optional.empty();
            }
            if (RpcListing.applies(uri, socket)) {
                Optional<RpcListing> spoken = RpcListing.open(socket, RpcListing.TIMEOUT);
                if (spoken.isPresent()) {
                    return spoken;
                }
            }
            if (!Thread.currentThread().isInterrupted()) { // not when the listing was closed meanwhile
                NativeListing.bind();
            }
            return Optional.empty();
        }
    }

    /** A listing {@link #begin begun}: it answers once; closing it lets go of what it holds. */
    public static final class Pending implements AutoCloseable {

        private final String uri;
        private final FutureTask<Optional<RpcListing>> prepared;

        private Pending(String uri, FutureTask<Optional<RpcListing>> prepared) {
            this.uri = uri;
            this.prepared = prepared;
        }

        /** As {@link LeanListing#states(String, Path, Set)}, once. */
        public Optional<Map<InstanceName, MachineStatus>> states(Path stateRoot, Set<InstanceName> names) {
            if (names.isEmpty()) {
                return Optional.of(Map.of());
            }
            if (!handles(uri)) {
                return Optional.empty();
            }
            Optional<RpcListing> spoken = prepared();
            Path root = stateRoot.toAbsolutePath().normalize();
            if (spoken.isPresent()) {
                Optional<Map<InstanceName, MachineStatus>> answer = spoken.get().states(root, names);
                if (answer.isPresent()) {
                    return answer;
                }
            }
            return NativeListing.states(uri, root, names);
        }

        /**
         * Hangs up if the preparation connected and {@link #states} did not. One still under way
         * is interrupted, which closes its socket (at the latest, the protocol's timeout does).
         */
        @Override
        public void close() {
            if (prepared.cancel(true)) {
                return;
            }
            Optional<RpcListing> spoken = prepared();
            if (spoken.isPresent()) {
                spoken.get().close();
            }
        }

        private Optional<RpcListing> prepared() {
            try {
                return prepared.get();
            } catch (ExecutionException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /**
     * True for the URIs this listing may open itself: a local daemon or the test driver, no
     * transport ({@code qemu+ssh://}), no host, no parameters.
     */
    public static boolean handles(String uri) {
        return (uri.startsWith("qemu:///") || uri.startsWith("test:///")) && uri.indexOf('?') < 0;
    }

    /**
     * The states of those of {@code names} whose domain exists on {@code uri} and belongs to
     * {@code stateRoot}, as {@link LibvirtHypervisor#states} gives them; empty when this listing
     * cannot tell for sure, for the caller to ask the adapter.
     */
    public static Optional<Map<InstanceName, MachineStatus>> states(String uri, Path stateRoot,
            Set<InstanceName> names) {
        return states(uri, stateRoot, names, RpcListing.SOCKET);
    }

    /** As {@link #states(String, Path, Set)}, with libvirtd's socket at {@code socket}; on this thread. */
    static Optional<Map<InstanceName, MachineStatus>> states(String uri, Path stateRoot, Set<InstanceName> names,
            Path socket) {
        if (names.isEmpty()) {
            return Optional.of(Map.of());
        }
        if (!handles(uri)) {
            return Optional.empty();
        }
        Path root = stateRoot.toAbsolutePath().normalize();
        if (RpcListing.applies(uri, socket)) {
            Optional<Map<InstanceName, MachineStatus>> spoken = RpcListing.states(socket, RpcListing.TIMEOUT, root,
                    names);
            if (spoken.isPresent()) {
                return spoken;
            }
        }
        return NativeListing.states(uri, root, names);
    }
}
