package io.virtseed.libvirt.domain;

import java.util.Objects;

/**
 * The {@code <cpu>} element: the host's CPU passed through (KVM only) or a named model that
 * TCG can emulate.
 */
public sealed interface CpuConfig {

    /** {@code <cpu mode='host-passthrough'/>}: only meaningful with {@link DomainType#KVM}. */
    record HostPassthrough() implements CpuConfig {
    }

    /**
     * {@code <cpu mode='custom' match='exact'><model fallback='allow'>NAME</model></cpu>}.
     *
     * @param fallbackAllow lets libvirt pick a close model when this one is unavailable
     */
    record Custom(String model, boolean fallbackAllow) implements CpuConfig {
        public Custom {
            Objects.requireNonNull(model, "model");
        }
    }
}
