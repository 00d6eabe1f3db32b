package io.virtseed.cli;

import io.virtseed.core.error.NotFoundException;
import io.virtseed.core.error.SpecException;
import io.virtseed.core.metadata.PasswordDecryption;
import io.virtseed.core.metadata.PasswordFile;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.value.InstanceName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code virtseed password clear NAME}; {@link GetPassword} is {@code virtseed get-password}. */
@Command(name = "password", description = "Manage the password a Windows guest posted to the metadata service.",
        subcommands = PasswordCommand.Clear.class)
final class PasswordCommand {

    static Path instanceDir(Wiring wiring, String name) {
        InstanceName n = DownCommand.parseName(name);
        Path dir = new InstanceStore(wiring.settings().stateDir()).dir(n);
        if (!Files.isDirectory(dir)) {
            throw new NotFoundException("no instance named " + n);
        }
        return dir;
    }

    @Command(name = "clear", description = "Forget the posted password, so the guest may post a new one.")
    static final class Clear extends WiredCommand {

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        int execute(Wiring wiring) {
            PasswordFile.clear(instanceDir(wiring, name));
            out().println(name + ": password cleared");
            return ExitCodes.OK;
        }
    }

    @Command(name = "get-password", description = {
            "Print the password a Windows guest (cloudbase-init) posted, decrypted with the private key of the",
            "instance's first SSH key (PEM PKCS#1, PKCS#8 or OpenSSH, unencrypted)."})
    static final class GetPassword extends WiredCommand {

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--key", required = true, paramLabel = "PRIVATE_KEY", description = "The RSA private key file.")
        Path key;

        @Override
        int execute(Wiring wiring) throws IOException {
            byte[] stored = PasswordFile.read(instanceDir(wiring, name));
            if (stored.length == 0) {
                throw new NotFoundException(name + " has not posted a password (yet)");
            }
            if (!Files.isRegularFile(key) || !Files.isReadable(key)) {
                throw new SpecException("--key " + key + " is not a readable file");
            }
            out().println(PasswordDecryption.decrypt(stored, Files.readString(key)));
            return ExitCodes.OK;
        }
    }
}
