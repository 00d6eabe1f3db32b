package io.virtseed.embed.junit;

import io.virtseed.core.RunningInstance;
import io.virtseed.embed.HostUnavailableException;
import io.virtseed.embed.Settings;
import io.virtseed.embed.Virtseeds;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;

/**
 * Boots the {@link VirtseedInstance} fields and parameters of a {@link VirtseedTest} class and
 * removes them after. One session (libvirt connection, state folder) serves the class and its
 * nested classes.
 *
 * <p>Configuration parameters: {@value #CI_PARAMETER} ({@code true}/{@code false}) overrides the
 * environment's {@code CI} in deciding whether an unusable host skips or fails;
 * {@value #FAILURES_PARAMETER} is where failed tests' reports go (default
 * {@code target/virtseed-failures}).
 */
public final class VirtseedExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    public static final String CI_PARAMETER = "virtseed.ci";
    public static final String FAILURES_PARAMETER = "virtseed.failures.dir";

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(VirtseedExtension.class);
    private static final String SESSION = "session";
    private static final String CLASS_SCOPE = "class-scope";
    private static final String METHOD_SCOPE = "method-scope";

    /** The class's session; closing it removes the state folder when it was made for the class. */
    static final class Session implements AutoCloseable {
        final Virtseeds virtseeds;
        final Path stateDir;
        final boolean temporary;
        final Class<?> owner;

        Session(Virtseeds virtseeds, Path stateDir, boolean temporary, Class<?> owner) {
            this.virtseeds = virtseeds;
            this.stateDir = stateDir;
            this.temporary = temporary;
            this.owner = owner;
        }

        @Override
        public void close() {
            // an instance whose removal failed keeps its folder: deleting it would orphan a running guest
            boolean empty = virtseeds.virtseed().store().list().isEmpty();
            try {
                if (temporary && empty) {
                    // the folder is ours alone: what its instances left (the default network) goes with it
                    var networks = virtseeds.virtseed().networks();
                    for (var n : networks.list()) {
                        networks.remove(n.name());
                    }
                }
            } finally {
                try {
                    virtseeds.close();
                } finally {
                    if (temporary && empty) {
                        deleteTree(stateDir);
                    }
                }
            }
        }
    }

    /** Instances of one scope, and the per-class ones by field or spec so each is booted once. */
    static final class ClassScope implements AutoCloseable {
        final Booted booted = new Booted();
        final Map<String, RunningInstance> byKey = new HashMap<>();

        @Override
        public void close() {
            booted.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext ctx) throws Exception {
        session(ctx); // opened (or the host refused) before any instance is asked for
        ClassScope scope = classScope(ctx);
        for (Field f : annotatedFields(ctx.getRequiredTestClass())) {
            if (ModifierSupport.isStatic(f)) {
                set(f, null, classInstance(ctx, scope, "field:" + f, f.getAnnotation(VirtseedInstance.class)));
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext ctx) throws Exception {
        Booted method = methodScope(ctx);
        for (Object test : ctx.getRequiredTestInstances().getAllInstances()) {
            for (Field f : annotatedFields(test.getClass())) {
                if (ModifierSupport.isStatic(f)) {
                    continue;
                }
                VirtseedInstance want = f.getAnnotation(VirtseedInstance.class);
                RunningInstance vm = want.lifecycle() == VirtseedInstance.Lifecycle.PER_CLASS
                        ? classInstance(ctx, classScope(ctx), "field:" + f, want)
                        : boot(ctx, method, want);
                set(f, test, vm);
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext ctx) throws Exception {
        Booted method = methodScope(ctx);
        try {
            if (ctx.getExecutionException().isPresent()) {
                List<RunningInstance> all = new ArrayList<>(method.all());
                all.addAll(classScope(ctx).booted.all());
                report(ctx, ctx.getRequiredTestMethod().getName(), all);
            }
        } finally {
            method.close();
        }
    }

    @Override
    public void afterAll(ExtensionContext ctx) throws Exception {
        ClassScope scope = ctx.getStore(NS).get(key(ctx, CLASS_SCOPE), ClassScope.class);
        if (scope == null) {
            return;
        }
        try {
            if (ctx.getExecutionException().isPresent()) {
                report(ctx, "class", scope.booted.all());
            }
        } finally {
            try {
                scope.close();
            } finally {
                // now rather than when the store closes: another extension's afterAll may check what is left
                Session session = ctx.getStore(NS).get(SESSION, Session.class);
                if (session != null && session.owner == ctx.getRequiredTestClass()) {
                    ctx.getStore(NS).remove(SESSION);
                    session.close();
                }
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext ctx) {
        Class<?> type = p.getParameter().getType();
        return (type == RunningInstance.class && p.isAnnotated(VirtseedInstance.class)) || type == Virtseeds.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext ctx) {
        if (p.getParameter().getType() == Virtseeds.class) {
            return session(ctx).virtseeds;
        }
        VirtseedInstance want = p.findAnnotation(VirtseedInstance.class).orElseThrow();
        boolean perMethod = want.lifecycle() == VirtseedInstance.Lifecycle.PER_METHOD && ctx.getTestMethod().isPresent();
        try {
            return perMethod ? boot(ctx, methodScope(ctx), want)
                    : classInstance(ctx, classScope(ctx), "spec:" + want.spec(), want);
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("cannot boot " + p.getParameter() + " (" + want.spec() + "): "
                    + e.getMessage(), e);
        }
    }

    private Session session(ExtensionContext ctx) {
        Session found = ctx.getStore(NS).get(SESSION, Session.class); // a nested class finds its outer's
        if (found != null) {
            return found;
        }
        Session made = open(ctx);
        ctx.getStore(NS).put(SESSION, made); // closed when this class's context ends
        return made;
    }

    private static Session open(ExtensionContext ctx) {
        VirtseedTest cfg = AnnotationSupport.findAnnotation(ctx.getRequiredTestClass(), VirtseedTest.class)
                .orElseThrow(() -> new ExtensionConfigurationException("VirtseedExtension needs @VirtseedTest on "
                        + ctx.getRequiredTestClass().getName()));
        VirtseedFactory factory;
        try {
            factory = cfg.factory().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new ExtensionConfigurationException("cannot make " + cfg.factory().getName()
                    + ": it needs a public no-argument constructor", e);
        }
        boolean temporary = cfg.stateDir().isEmpty();
        Path dir;
        try {
            // under /tmp, not the JVM's temp folder: every folder on the way is traversable by QEMU's user
            dir = temporary ? Files.createTempDirectory(Path.of("/tmp"), "vs-junit-") : Path.of(cfg.stateDir());
        } catch (IOException e) {
            throw new ExtensionConfigurationException("cannot make a state folder under /tmp: " + e.getMessage(), e);
        }
        try {
            return new Session(factory.open(new Settings(dir, cfg.connect())), dir, temporary,
                    ctx.getRequiredTestClass());
        } catch (HostUnavailableException e) {
            if (temporary) {
                deleteTree(dir);
            }
            String why = "virtseed cannot boot instances here: " + e.getMessage();
            if (ci(ctx)) {
                throw new IllegalStateException(why + " (CI=true: a test whose real component is missing fails"
                        + " rather than skips)", e);
            }
            Assumptions.abort(why);
            throw e; // not reached: abort throws
        } catch (RuntimeException | Error e) {
            if (temporary) {
                deleteTree(dir);
            }
            throw e;
        }
    }

    static boolean ci(ExtensionContext ctx) {
        return ctx.getConfigurationParameter(CI_PARAMETER).map(Boolean::parseBoolean)
                .orElseGet(() -> "true".equalsIgnoreCase(System.getenv("CI")));
    }

    private ClassScope classScope(ExtensionContext ctx) {
        ExtensionContext classCtx = classContext(ctx);
        return classCtx.getStore(NS).getOrComputeIfAbsent(key(classCtx, CLASS_SCOPE), k -> new ClassScope(),
                ClassScope.class);
    }

    private static Booted methodScope(ExtensionContext ctx) {
        return ctx.getStore(NS).getOrComputeIfAbsent(METHOD_SCOPE, k -> new Booted(), Booted.class);
    }

    /** The context of the class the test runs in (the method's parent, or the class itself). */
    private static ExtensionContext classContext(ExtensionContext ctx) {
        ExtensionContext c = ctx;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private static String key(ExtensionContext classCtx, String what) {
        return what + ":" + classCtx.getRequiredTestClass().getName();
    }

    private RunningInstance classInstance(ExtensionContext ctx, ClassScope scope, String key, VirtseedInstance want) {
        synchronized (scope) {
            RunningInstance vm = scope.byKey.get(key);
            if (vm == null) {
                vm = boot(ctx, scope.booted, want);
                scope.byKey.put(key, vm);
            }
            return vm;
        }
    }

    private RunningInstance boot(ExtensionContext ctx, Booted into, VirtseedInstance want) {
        Optional<Duration> wait = waitOf(want);
        var spec = SpecSource.resolve(want.spec(), ctx.getRequiredTestClass().getClassLoader());
        RunningInstance vm = session(ctx).virtseeds.up(spec);
        into.add(vm); // before the wait: a guest that never gets ready is removed too, and reported
        wait.ifPresent(vm::waitReady);
        return vm;
    }

    private static Optional<Duration> waitOf(VirtseedInstance want) {
        if (want.waitReady().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.parse(want.waitReady()));
        } catch (DateTimeParseException e) {
            throw new ExtensionConfigurationException("@VirtseedInstance(waitReady = \"" + want.waitReady()
                    + "\"): not an ISO-8601 duration such as PT5M");
        }
    }

    private static List<Field> annotatedFields(Class<?> type) {
        List<Field> fields = AnnotationSupport.findAnnotatedFields(type, VirtseedInstance.class,
                f -> true, HierarchyTraversalMode.TOP_DOWN);
        for (Field f : fields) {
            if (f.getType() != RunningInstance.class) {
                throw new ExtensionConfigurationException("@VirtseedInstance field " + f.getName() + " of "
                        + type.getName() + " has type " + f.getType().getSimpleName() + "; it must be RunningInstance");
            }
            if (ModifierSupport.isFinal(f)) {
                throw new ExtensionConfigurationException("@VirtseedInstance field " + f.getName() + " of "
                        + type.getName() + " is final; the extension sets it");
            }
        }
        return fields;
    }

    private static void set(Field f, Object target, RunningInstance vm) throws IllegalAccessException {
        f.setAccessible(true);
        f.set(target, vm);
    }

    private void report(ExtensionContext ctx, String test, List<RunningInstance> vms) {
        if (vms.isEmpty()) {
            return;
        }
        Path root = Path.of(ctx.getConfigurationParameter(FAILURES_PARAMETER).orElse("target/virtseed-failures"));
        try {
            Path dir = FailureReport.save(root, ctx.getRequiredTestClass().getName(), test, session(ctx).virtseeds, vms);
            ctx.publishReportEntry("virtseed-failure-report", dir.toAbsolutePath().toString());
        } catch (IOException | RuntimeException e) {
            // the test's own failure is what matters: a report that cannot be written must not hide it
            ctx.publishReportEntry("virtseed-failure-report", "not written: " + e.getMessage());
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove the state folder " + dir + ": " + e.getMessage(), e);
        }
    }
}
