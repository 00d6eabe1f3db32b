package io.virtseed.cli;

import io.virtseed.core.error.ProvisionException;
import io.virtseed.core.ports.GuestConsole;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "console", description = {
        "Attach to a running instance's serial console; Ctrl-] detaches. The console log keeps being written.",
        "With stdin not a terminal, what it gives is typed into the guest, and the command ends once stdin is",
        "exhausted and the guest has been quiet for --linger seconds."})
final class ConsoleCommand extends WiredCommand {

    /** Ctrl-], the escape of virsh console and telnet. */
    static final int ESCAPE = 0x1d;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--force", description = "Take the console over from another client.")
    boolean force;

    @Option(names = "--linger", paramLabel = "SECONDS", defaultValue = "2",
            description = "Without a terminal: end this long after the guest last wrote, once stdin is exhausted"
                    + " (default: ${DEFAULT-VALUE}).")
    double quietSeconds;

    @Override
    int execute(Wiring wiring) {
        if (quietSeconds < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--linger must be 0 or more seconds");
        }
        boolean terminal = stdinIsTerminal();
        try (GuestConsole console = wiring.virtseed().console(DownCommand.parseName(name), force)) {
            if (terminal) {
                System.err.println("Connected to " + name + " (escape character is ^])");
            }
            AtomicLong lastOutput = new AtomicLong(System.nanoTime());
            // whichever side ends first ends the session: the guest's output (the console closed) or the typing
            java.util.concurrent.CompletableFuture<Boolean> guestEnded = new java.util.concurrent.CompletableFuture<>();
            Thread reader = Thread.ofPlatform().daemon().name("virtseed-console-out").start(() -> {
                copyOut(console, System.out, lastOutput);
                guestEnded.complete(true);
            });
            String saved = terminal ? rawTerminal() : null;
            boolean byGuest;
            try {
                // a daemon thread: a read of stdin that never returns must not keep the command alive
                Thread.ofPlatform().daemon().name("virtseed-console-in").start(() -> {
                    type(console, System.in, reader, terminal);
                    guestEnded.complete(false);
                });
                byGuest = guestEnded.join();
                if (!byGuest && !terminal) {
                    awaitQuiet(reader, lastOutput);
                }
            } finally {
                if (saved != null) {
                    stty(saved);
                }
            }
            boolean guestClosed = byGuest || endedWhileLingering(reader);
            console.close();
            if (guestClosed) {
                System.err.println((terminal ? "\r\n" : "") + "console of " + name
                        + " closed: the guest stopped, or another client took it over");
                return ExitCodes.FAILURE;
            }
            if (terminal) {
                System.err.println("\r\ndetached from " + name);
            }
            return ExitCodes.OK;
        }
    }

    /** Sends what the user types, until Ctrl-] (on a terminal), the end of stdin, or the console closing. */
    private static void type(GuestConsole console, InputStream in, Thread reader, boolean terminal) {
        byte[] buf = new byte[1024];
        try {
            while (reader.isAlive()) {
                int n = in.read(buf);
                if (n < 0) {
                    return;
                }
                for (int i = 0; i < n; i++) {
                    if (terminal && buf[i] == ESCAPE) {
                        console.write(buf, 0, i);
                        return;
                    }
                }
                console.write(buf, 0, n);
            }
        } catch (IOException e) {
            // stdin gone: detach
        } catch (io.virtseed.core.error.HypervisorException e) {
            // the console closed under us; the reader reports it
        }
    }

    private static void copyOut(GuestConsole console, PrintStream out, AtomicLong lastOutput) {
        byte[] buf = new byte[4096];
        int n;
        while ((n = console.read(buf)) > 0) {
            out.write(buf, 0, n);
            out.flush();
            lastOutput.set(System.nanoTime());
        }
    }

    private static boolean endedWhileLingering(Thread reader) {
        try {
            reader.join(java.time.Duration.ofMillis(100));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !reader.isAlive();
    }

    private void awaitQuiet(Thread reader, AtomicLong lastOutput) {
        long quietNanos = (long) (quietSeconds * 1_000_000_000L);
        try {
            while (reader.isAlive() && System.nanoTime() - lastOutput.get() < quietNanos) {
                reader.join(java.time.Duration.ofMillis(50));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether stdin is a terminal (a pty or a console), read from the kernel rather than guessed. */
    static boolean stdinIsTerminal() {
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/0")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Puts the terminal in raw mode (every key goes to the guest, Ctrl-C too) and returns its old settings. */
    private static String rawTerminal() {
        String saved = stty("-g").strip();
        stty("raw", "-echo");
        return saved;
    }

    private static String stty(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("stty"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new ProvisionException("set the terminal", "stty " + String.join(" ", args) + " failed", null);
            }
            return out;
        } catch (IOException e) {
            throw new ProvisionException("set the terminal", "cannot run stty: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisionException("set the terminal", "interrupted", e);
        }
    }
}
