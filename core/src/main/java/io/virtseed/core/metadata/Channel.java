package io.virtseed.core.metadata;

/**
 * Which delivery a tree is rendered for. The HTTP service shows what nova shows over HTTP: no
 * {@code admin_pass} and no injected files, which only ever travel on the config drive.
 *
 * <pre>{@code
 * MetadataTree served = renderer.openStackTree(md, Channel.HTTP);
 * }</pre>
 */
public enum Channel {
    /** The config drive: everything, including admin_pass and injected files. */
    DRIVE,
    /** The metadata HTTP service: no admin_pass, no files, no openstack/content. */
    HTTP
}
