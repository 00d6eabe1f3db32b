package io.virtseed.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The CLI's logging: SLF4J's lines on standard error, {@code WARN} and above, or from
 * {@code DEBUG} with {@code -v}. The process names it as SLF4J's provider ({@link #install}), so
 * SLF4J looks for none on the class path: logback's start (its version and configurator look-ups
 * on the class path, its layout's time zone rules) read the index of the jar's 7,800 entries and
 * took 20 to 30 ms of every command that logs, {@code up} among them. A program that embeds
 * virtseed keeps its own SLF4J provider: nothing here is registered as a service.
 */
public final class CliLogging implements SLF4JServiceProvider {

    static final String PROVIDER_PROPERTY = "slf4j.provider";
    static final String VERBOSITY_PROPERTY = "slf4j.internal.verbosity";

    private static volatile int threshold = Level.WARN.toInt();
    private static volatile PrintStream sink; // null: standard error, as it is when a line is written

    private final LoggerFactory factory = new LoggerFactory();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    /** SLF4J makes the provider by this constructor. */
    public CliLogging() {
    }

    /**
     * Names this class as SLF4J's provider for the process, unless one is named already; SLF4J's
     * own notice that it took the named one is left out (its warnings are not).
     */
    static void install() {
        if (System.getProperty(PROVIDER_PROPERTY) == null) {
            System.setProperty(PROVIDER_PROPERTY, CliLogging.class.getName());
            if (System.getProperty(VERBOSITY_PROPERTY) == null) {
                System.setProperty(VERBOSITY_PROPERTY, "WARN");
            }
        }
    }

    /** From which level lines are written: {@code DEBUG} with {@code -v}, else {@code WARN}. */
    static void threshold(Level level) {
        threshold = level.toInt();
    }

    /** Where the lines go; {@code null}: standard error. */
    static void sink(PrintStream out) {
        sink = out;
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up: the lines need no configuration
    }

    /** One logger per name. */
    static final class LoggerFactory implements ILoggerFactory {
        private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();

        @Override
        public Logger getLogger(String name) {
            return loggers.computeIfAbsent(name, CliLogger::new);
        }
    }

    /** {@code 2026-12-08T00:05:01.123Z [thread] LEVEL logger - message}, then the stack trace if any. */
    static final class CliLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;

        CliLogger(String name) {
            this.name = name;
        }

        private static boolean on(Level level) {
            return level.toInt() >= threshold;
        }

        @Override
        public boolean isTraceEnabled() {
            return on(Level.TRACE);
        }

        @Override
        public boolean isDebugEnabled() {
            return on(Level.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return on(Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return on(Level.WARN);
        }

        @Override
        public boolean isErrorEnabled() {
            return on(Level.ERROR);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                Throwable throwable) {
            String message = MessageFormatter.basicArrayFormat(pattern, arguments);
            String line = Instant.ofEpochMilli(System.currentTimeMillis()) + " [" + Thread.currentThread().getName()
                    + "] " + level + " " + name + " - " + message;
            PrintStream out = sink != null ? sink : System.err;
            synchronized (out) {
                out.println(line);
                if (throwable != null) {
                    throwable.printStackTrace(out);
                }
                out.flush();
            }
        }
    }
}
