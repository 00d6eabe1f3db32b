package io.virtseed.core.lifecycle;

import io.virtseed.core.error.HypervisorException;
import io.virtseed.core.error.NotFoundException;
import io.virtseed.core.error.StateException;
import io.virtseed.core.metadata.SshPublicKey;
import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.ports.MachineState;
import io.virtseed.core.spec.InstanceSpec;
import io.virtseed.core.ssh.ConsoleHostKeys;
import io.virtseed.core.ssh.Ed25519KeyPair;
import io.virtseed.core.ssh.SshFiles;
import io.virtseed.core.ssh.SshTarget;
import io.virtseed.core.ssh.SshUsers;
import io.virtseed.core.state.AtomicFiles;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.state.NetworkRecord;
import io.virtseed.core.value.InstanceName;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * SSH into instances. At {@code up}: a key pair of virtseed's own for every instance, its public
 * half added to the spec's keys in the metadata (as Multipass and kcli do, so {@code virtseed ssh}
 * works whatever keys the spec brings, and the user's own keys work too), and the login. Later:
 * the {@link SshTarget} for the instance's first IPv4 address, reached from its network's
 * namespace, with the host keys the guest printed on its console pinned.
 *
 * <pre>{@code
 * SshTarget t = new SshAccess(store, networks, hypervisor).target(name, Optional.empty(), false);
 * }</pre>
 */
public final class SshAccess {

    private final InstanceStore store;
    private final Networks networks;
    private final Hypervisor hypervisor;

    public SshAccess(InstanceStore store, Networks networks, Hypervisor hypervisor) {
        this.store = store;
        this.networks = networks;
        this.hypervisor = hypervisor;
    }

    /** Writes the instance's key pair and login (the spec's {@code ssh_user}, else the image's default user). */
    static void prepare(InstanceSpec spec, Path instanceDir, SecureRandom random) {
        String user = spec.sshUser().orElseGet(() -> SshUsers.forImage(spec.image().text()));
        // synced with the rest of the new instance's folder, before its record says created
        new SshFiles(instanceDir).write(user, Ed25519KeyPair.generate("virtseed@" + spec.name(), random),
                AtomicFiles.Sync.LATER);
    }

    /** The spec with virtseed's public key after its own keys, once {@link #prepare} made it. */
    static InstanceSpec withOwnKey(InstanceSpec spec, Path instanceDir) {
        Optional<String> own = new SshFiles(instanceDir).publicKeyLine();
        if (own.isEmpty()) {
            return spec;
        }
        List<String> keys = new ArrayList<>(spec.sshKeys());
        keys.add(own.get());
        return spec.toBuilder().sshKeys(keys).build();
    }

    /**
     * How to reach the running instance now; {@code user} overrides the recorded login.
     *
     * @param acceptNewHostKey when the console showed no host keys: keep the first one ssh sees
     *                         rather than refuse (for images whose cloud-init does not print them)
     * @throws NotFoundException   when there is no such instance, or its guest is gone
     * @throws StateException      when it has no IPv4 address, or no host keys were seen yet
     * @throws HypervisorException when it is not running
     */
    public SshTarget target(InstanceName name, Optional<String> user, boolean acceptNewHostKey) {
        InstanceRecord r = store.find(name)
                .orElseThrow(() -> new NotFoundException("no instance named '" + name + "'"));
        InstanceRecord.Nic nic = firstIpv4(r);
        NetworkRecord net = networks.find(nic.network()).orElseThrow(() -> new StateException("instance " + name
                + ": its network '" + nic.network() + "' is gone; run 'virtseed up' on its spec again"));
        MachineState state = hypervisor.state(name).orElseThrow(() -> new NotFoundException("instance " + name
                + " has no guest (its domain is missing); 'virtseed up' of its spec makes it again"));
        if (state != MachineState.RUNNING) {
            throw new HypervisorException("cannot ssh into " + name + ": it is " + state.name().toLowerCase(Locale.ROOT)
                    + ", not running; start it with 'virtseed start " + name + "'");
        }
        Path dir = store.dir(name);
        SshFiles ssh = new SshFiles(dir);
        boolean pinned = pinConsoleKeys(name, ssh, new InstanceLayout(dir).consoleLog());
        if (!pinned && !acceptNewHostKey) {
            throw new StateException("instance " + name + " has not printed its SSH host keys on its console yet"
                    + " (cloud-init does near the end of its first boot): wait until it is ready ('virtseed wait "
                    + name + "') and try again; for an image that never prints them, --accept-new-host-key");
        }
        String login = user.or(ssh::user).orElseGet(() -> SshUsers.forImage(r.image() == null ? "" : r.image()));
        Optional<Path> identity = ssh.hasPrivateKey() ? Optional.of(ssh.privateKey()) : Optional.empty();
        return new SshTarget(login, nic.ip().orElseThrow(), name.value(), Optional.of(net.namespace()), identity,
                ssh.knownHosts(), pinned);
    }

    private static InstanceRecord.Nic firstIpv4(InstanceRecord r) {
        if (r.nics().isEmpty()) {
            throw new StateException("instance " + r.name() + " has no NIC, so nothing can reach it over SSH;"
                    + " give it one (networks:) and create it again, or use 'virtseed console " + r.name() + "'");
        }
        return r.nics().stream().filter(n -> n.ip().isPresent()).findFirst()
                .orElseThrow(() -> new StateException("instance " + r.name() + " has no IPv4 address on any NIC"
                        + " (its networks hand out none), so virtseed cannot tell where to connect"));
    }

    /**
     * Files the keys of the console's last host key block in known_hosts; true when known_hosts
     * holds keys, from now or an earlier run (the block may have rotated out of the log since).
     */
    private static boolean pinConsoleKeys(InstanceName name, SshFiles ssh, Path consoleLog) {
        List<SshPublicKey> keys;
        try {
            keys = ConsoleHostKeys.read(consoleLog);
        } catch (IOException e) {
            throw new StateException("cannot read the console log " + consoleLog + ": " + e.getMessage(), e);
        }
        if (!keys.isEmpty()) {
            ssh.pinHostKeys(name.value(), keys);
            return true;
        }
        return ssh.hasHostKeys();
    }
}
