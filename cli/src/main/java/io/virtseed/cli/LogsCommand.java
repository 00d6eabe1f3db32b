package io.virtseed.cli;

import io.virtseed.core.lifecycle.ConsoleWatcher;
import io.virtseed.core.lifecycle.InstanceView;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", description = {"Print the tail of an instance's serial console log.",
        "-f keeps printing what the guest writes, until interrupted or the instance is removed."})
final class LogsCommand extends WiredCommand {

    private static final long FOLLOW_POLL_MILLIS = 200;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = {"-n", "--lines"}, defaultValue = "200", description = "How many lines (default: ${DEFAULT-VALUE}).")
    int lines;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new output as the guest writes it.")
    boolean follow;

    @Override
    int execute(Wiring wiring) throws IOException, InterruptedException {
        if (lines < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--lines must be 0 or more");
        }
        InstanceView v = wiring.virtseed().show(DownCommand.parseName(name));
        Path log = v.dir().resolve("console.log");
        long printedTo = Files.exists(log) ? Files.size(log) : 0;
        ConsoleWatcher.tail(log, lines).forEach(out()::println);
        out().flush();
        if (follow) {
            follow(log, printedTo, v.dir());
        }
        return ExitCodes.OK;
    }

    /**
     * Prints what is appended to the log from {@code offset} on. A log that shrank was started
     * again (a guest restarted without append): it is read from its start. Ends when the
     * instance folder is gone.
     */
    private static void follow(Path log, long offset, Path instanceDir) throws IOException, InterruptedException {
        byte[] buf = new byte[8192];
        long pos = offset;
        while (Files.isDirectory(instanceDir)) {
            try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
                long size = f.length();
                if (size < pos) {
                    pos = 0;
                }
                f.seek(pos);
                int n;
                while ((n = f.read(buf)) > 0) {
                    System.out.write(buf, 0, n);
                    pos += n;
                }
                System.out.flush();
            } catch (NoSuchFileException | java.io.FileNotFoundException e) {
                pos = 0; // not written yet, or removed with the instance
            }
            Thread.sleep(FOLLOW_POLL_MILLIS);
        }
    }
}
