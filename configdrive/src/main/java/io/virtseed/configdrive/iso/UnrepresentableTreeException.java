package io.virtseed.configdrive.iso;

/**
 * A tree that an ISO9660 + Joliet + Rock Ridge image cannot hold as given (too deep, a
 * name too long for Joliet, a character Joliet forbids, no files at all ...). The message
 * names the path and the rule.
 *
 * <pre>{@code
 * try { writer.write(tree, opts); } catch (UnrepresentableTreeException e) { log(e.getMessage()); }
 * }</pre>
 */
public final class UnrepresentableTreeException extends IllegalArgumentException {

    public UnrepresentableTreeException(String message) {
        super(message);
    }
}
