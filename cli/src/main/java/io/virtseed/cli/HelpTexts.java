package io.virtseed.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * The usage help of every command, rendered by picocli at build time, and served from the jar
 * when the arguments are just command names and {@code --help}: picocli's model building is most
 * of the CLI's start-up. Run as a program, it writes the texts, the man page and the bash
 * completion: {@code HelpTexts CLASSES_DIR DOCS_DIR}.
 */
public final class HelpTexts {

    /** The variables the help's defaults show; with one of them set, picocli renders the help. */
    static final List<String> DEFAULT_VARIABLES = List.of("VIRTSEED_STATE_DIR", "VIRTSEED_CONNECT");
    private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9-]*");
    private static final String FOLDER = "help/";

    private HelpTexts() {
    }

    /** The stored help for {@code args}, when they ask for a command's help and nothing else. */
    static Optional<String> lookup(String[] args) {
        int last = args.length - 1;
        if (last < 0 || !(args[last].equals("--help") || args[last].equals("-h"))
                || DEFAULT_VARIABLES.stream().anyMatch(v -> System.getenv(v) != null)) {
            return Optional.empty();
        }
        StringBuilder name = new StringBuilder("virtseed");
        for (int i = 0; i < last; i++) {
            if (!WORD.matcher(args[i]).matches()) {
                return Optional.empty();
            }
            name.append('_').append(args[i]);
        }
        try (InputStream in = HelpTexts.class.getResourceAsStream(FOLDER + name + ".txt")) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty(); // picocli renders it then
        }
    }

    public static void main(String[] args) throws IOException {
        CommandLine root = CommandLines.all(new Wiring.Lazy());
        Path docs = Files.createDirectories(Path.of(args[1]));
        Files.writeString(docs.resolve("virtseed.bash"), AutoComplete.bash("virtseed", root));
        List<CommandLine> all = new ArrayList<>();
        collect(root, all);
        Files.writeString(docs.resolve("virtseed.1"), ManPage.render(all));
        if (DEFAULT_VARIABLES.stream().anyMatch(v -> System.getenv(v) != null)) {
            System.out.println("help texts: not stored, " + DEFAULT_VARIABLES + " set in this build's environment");
            return;
        }
        Path dir = Files.createDirectories(Path.of(args[0], "io/virtseed/cli", FOLDER));
        for (CommandLine cl : all) {
            Files.writeString(dir.resolve(cl.getCommandSpec().qualifiedName("_") + ".txt"), cl.getUsageMessage());
        }
    }

    private static void collect(CommandLine cl, List<CommandLine> into) {
        into.add(cl);
        cl.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, into));
    }
}
