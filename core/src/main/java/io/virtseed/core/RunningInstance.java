package io.virtseed.core;

import io.virtseed.core.error.NotFoundException;
import io.virtseed.core.error.StateException;
import io.virtseed.core.lifecycle.InstanceLayout;
import io.virtseed.core.lifecycle.InstanceView;
import io.virtseed.core.ports.GuestConsole;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.MacAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A handle on an instance from {@link Virtseed#launch}. {@link #close()} removes the instance
 * only when the launch created it ({@link #owned()}); a handle on an instance that was already
 * there leaves it be. Closing is idempotent and safe from several threads: the first call that
 * succeeds removes, later ones do nothing.
 *
 * <pre>{@code
 * try (RunningInstance vm = virtseed.launch(spec)) { vm.waitReady(Duration.ofMinutes(5)); }
 * }</pre>
 */
public final class RunningInstance implements AutoCloseable {

    /**
     * One NIC of the instance as allocated.
     *
     * @param ipv4 the reserved or static IPv4 address
     * @param ipv6 the SLAAC address, on a network with an IPv6 prefix
     */
    public record Address(String network, MacAddress mac, Optional<IpAddress> ipv4, Optional<IpAddress> ipv6) {
        public Address {
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(mac, "mac");
            Objects.requireNonNull(ipv4, "ipv4");
            Objects.requireNonNull(ipv6, "ipv6");
        }
    }

    private final Virtseed virtseed;
    private final InstanceRecord record;
    private final InstanceName name;
    private final boolean owned;
    private final Object closeLock = new Object();
    private boolean closed;

    RunningInstance(Virtseed virtseed, InstanceRecord record, boolean owned) {
        this.virtseed = Objects.requireNonNull(virtseed, "virtseed");
        this.record = Objects.requireNonNull(record, "record");
        this.name = InstanceName.of(record.name());
        this.owned = owned;
    }

    public InstanceName name() {
        return name;
    }

    public UUID uuid() {
        return record.uuid();
    }

    /** What was recorded when the instance was made: image, hostname, NICs. */
    public InstanceRecord record() {
        return record;
    }

    /** True when this handle's launch created the instance, so that {@link #close()} removes it. */
    public boolean owned() {
        return owned;
    }

    /** The instance's NICs in spec order: network, MAC and addresses. */
    public List<Address> addresses() {
        return record.nics().stream().map(n -> new Address(n.network(), n.mac(), n.ip(), n.ip6())).toList();
    }

    /** The first NIC's IPv4 address; empty for an instance without a NIC or without IPv4. */
    public Optional<IpAddress> ipv4() {
        return addresses().stream().flatMap(a -> a.ipv4().stream()).findFirst();
    }

    /**
     * Waits until cloud-init has finished in the guest and returns the console line that said so.
     *
     * @throws io.virtseed.core.error.ProvisionException on timeout or when the guest stops first
     */
    public String waitReady(Duration timeout) {
        return virtseed.waitReady(name, timeout);
    }

    /** The instance now: its record with the guest's state. */
    public InstanceView view() {
        return virtseed.show(name);
    }

    /** The serial console of the running guest; close it when done. Another client holding it is refused. */
    public GuestConsole console() {
        return virtseed.console(name, false);
    }

    /** Everything the guest wrote on its serial console so far; empty before the guest wrote anything. */
    public String logs() {
        Path log = new InstanceLayout(virtseed.store().dir(name)).consoleLog();
        try {
            // bytes that are not UTF-8 (a boot loader's, a garbled line) become U+FFFD rather than failing
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new StateException("cannot read the console log " + log + ": " + e.getMessage(), e);
        }
    }

    /** What a command run in the guest printed and how it ended. */
    public record ExecResult(int exitCode, String stdout, String stderr) {
    }

    /**
     * Runs a command in the guest over SSH, as {@code virtseed ssh NAME -- COMMAND} does: the
     * system {@code ssh} client with the instance's own key, from its network's namespace, checking
     * the host keys the guest printed on its console, in batch mode (no prompts).
     *
     * @param command the remote command's words (ssh joins them for the guest's shell)
     * @throws io.virtseed.core.error.VirtseedException when the guest cannot be reached by SSH yet
     *         (not running, no address, no host keys printed yet: wait for it to be ready first)
     */
    public ExecResult exec(String... command) {
        if (command.length == 0) {
            throw new IllegalArgumentException("exec needs a command");
        }
        var target = virtseed.ssh(name, java.util.Optional.empty(), false);
        java.util.List<String> argv = target.argv(java.util.List.of(command), true);
        Integer[] anyExit = java.util.stream.IntStream.range(0, 256).boxed().toArray(Integer[]::new);
        var r = new io.virtseed.core.exec.ProcessCommandRunner().run(io.virtseed.core.exec.Command
                .of(argv.toArray(String[]::new)).allowing(anyExit).withTimeout(java.time.Duration.ofMinutes(10)));
        return new ExecResult(r.exitCode(), r.stdout(), r.stderr());
    }

    /** True once {@link #close()} has run. */
    public boolean closed() {
        synchronized (closeLock) {
            return closed;
        }
    }

    /**
     * Removes the instance when this handle owns it; once, whatever the number of calls or
     * threads. A concurrent caller waits until the removal has finished, so after any
     * {@code close()} returns the instance is gone. An instance already removed by someone else
     * counts as removed.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            if (owned) {
                try {
                    virtseed.down(name);
                } catch (NotFoundException alreadyGone) {
                    // removed meanwhile (virtseed down from a shell): nothing of ours is left to remove
                }
            }
            // only now: a removal that failed is tried again by the next close()
            closed = true;
        }
    }

    @Override
    public String toString() {
        return "RunningInstance[" + name + (owned ? ", owned" : ", not owned") + "]";
    }
}
