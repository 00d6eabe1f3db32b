package io.virtseed.libvirt.domain;

import io.virtseed.core.value.InstanceName;
import java.nio.file.Path;
import java.util.Objects;

/**
 * virtseed's tag in a domain's {@code <metadata>}: which instance the domain belongs to and where
 * its state lives. Only domains carrying it are ever changed or removed by virtseed.
 *
 * <pre>{@code <virtseed:instance xmlns:virtseed="https://virtseed.io/xmlns/domain/1">
 *   <virtseed:name>web1</virtseed:name>
 *   <virtseed:state-dir>/var/lib/virtseed/web1</virtseed:state-dir>
 * </virtseed:instance>}</pre>
 *
 * @param stateDir the instance's own state directory
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
}
