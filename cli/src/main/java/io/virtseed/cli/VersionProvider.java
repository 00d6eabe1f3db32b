package io.virtseed.cli;

import picocli.CommandLine.IVersionProvider;

/** The version lines for picocli's {@code --version}: {@link Versions}'. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return Versions.lines();
    }
}
