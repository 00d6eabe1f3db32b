package io.virtseed.libvirt.domain;

import io.virtseed.core.value.InstanceName;
import java.nio.file.Path;
import java.util.Objects;

/**
 * virtseed's tag in a domain's {@code <metadata>}: which instance the domain belongs to and
 * which state folder (the {@code --state-dir}) owns it. A virtseed connected with another state
 * folder treats the domain as someone else's: it neither lists, changes nor removes it.
 *
 * <pre>{@code <virtseed:instance xmlns:virtseed="https://virtseed.io/xmlns/domain/1">
 *   <virtseed:name>web1</virtseed:name>
 *   <virtseed:state-dir>/var/lib/virtseed</virtseed:state-dir>
 * </virtseed:instance>}</pre>
 *
 * @param stateDir the state folder that owns the instance
 */
public record Ownership(InstanceName name, Path stateDir) {

    /** The XML namespace of the tag; its version changes only when the tag's shape does. */
    public static final String NAMESPACE = "https://virtseed.io/xmlns/domain/1";
    /** The prefix written for {@link #NAMESPACE}; readers must go by the namespace, not the prefix. */
    public static final String PREFIX = "virtseed";

    public Ownership {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stateDir, "stateDir");
    }

    /**
     * Whether the state folder {@code stateRoot} owns this domain. Tags written before the state
     * folder was recorded hold the instance's own folder, {@code <root>/instances/<name>}: those
     * still count for that root, so upgrading never orphans a running guest.
     */
    public boolean belongsTo(Path stateRoot) {
        Path root = stateRoot.toAbsolutePath().normalize();
        Path recorded = stateDir.toAbsolutePath().normalize();
        return recorded.equals(root) || recorded.equals(root.resolve("instances").resolve(name.value()));
    }
}
