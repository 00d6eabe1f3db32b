package io.virtseed.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;

/**
 * A port whose implementation is made on its first call. The hypervisor is wired this way so a
 * command that ends up not needing libvirt (an {@code ls} of no instances, a refused spec) never
 * loads JNA nor starts or reaches the daemon. A proxy rather than a delegating class, so that a
 * method added to the port needs no change here.
 */
final class LazyPort {

    private LazyPort() {
    }

    static <T> T of(Class<T> port, Supplier<? extends T> make) {
        Object proxy = Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port},
                (self, method, args) -> call(port, self, method, args, make));
        return port.cast(proxy);
    }

    private static Object call(Class<?> port, Object self, Method method, Object[] args, Supplier<?> make)
            throws Throwable {
        if (method.getDeclaringClass() == Object.class) { // equals, hashCode, toString: no connection for those
            return switch (method.getName()) {
                case "equals" -> self == args[0];
                case "hashCode" -> System.identityHashCode(self);
                default -> "lazy " + port.getSimpleName();
            };
        }
        try {
            return method.invoke(make.get(), args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
