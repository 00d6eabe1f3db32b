package io.virtseed.core.ssh;

import io.virtseed.core.error.SpecException;
import io.virtseed.core.metadata.SshPublicKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SSH host keys a guest printed on its serial console. cloud-init's {@code keys_to_console}
 * writes them between {@code -----BEGIN SSH HOST KEY KEYS-----} and {@code -----END ...-----}
 * once the guest made them. The console reaches us through the hypervisor, not the network, so
 * keys read here can be trusted before the first connection: no trust on first use. The last
 * complete block counts: a guest that made new keys (a new instance-id) printed them after the old.
 *
 * <pre>{@code
 * List<SshPublicKey> keys = ConsoleHostKeys.read(layout.consoleLog());
 * }</pre>
 */
public final class ConsoleHostKeys {

    static final String BEGIN = "-----BEGIN SSH HOST KEY KEYS-----";
    static final String END = "-----END SSH HOST KEY KEYS-----";
    /** A key anywhere on the line: journald may prefix what it forwards with {@code [uptime] cloud-init[pid]: }. */
    private static final Pattern KEY = Pattern.compile("((?:ssh|ecdsa)-[a-z0-9-]+) ([A-Za-z0-9+/]+={0,2})");

    private ConsoleHostKeys() {
    }

    /** The keys of the last complete block in the log; empty when there is none, or no log yet. */
    public static List<SshPublicKey> read(Path consoleLog) throws IOException {
        try {
            // Latin-1 maps every byte to a char: a console's stray bytes cannot fail the read
            return parse(Files.readString(consoleLog, StandardCharsets.ISO_8859_1));
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    static List<SshPublicKey> parse(String console) {
        List<SshPublicKey> last = List.of();
        Set<SshPublicKey> current = null;
        for (String line : console.split("\r*\n")) {
            if (line.contains(BEGIN)) {
                current = new LinkedHashSet<>();
            } else if (line.contains(END)) {
                if (current != null && !current.isEmpty()) {
                    last = List.copyOf(current);
                }
                current = null;
            } else if (current != null) {
                Matcher m = KEY.matcher(line);
                if (m.find()) {
                    try {
                        current.add(SshPublicKey.parse(m.group(1) + " " + m.group(2)));
                    } catch (SpecException e) {
                        // a line other output cut into: not a key we can pin, the others still are
                    }
                }
            }
        }
        return last;
    }
}
