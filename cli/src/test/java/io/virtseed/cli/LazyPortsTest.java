package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.ports.NetworkProvisioner;
import io.virtseed.core.value.InstanceName;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The lazy ports make their implementation on the first real call and pass every method on as it is. */
class LazyPortsTest {

    @Test
    void makesTheImplementationOnTheFirstCallOnly() {
        AtomicInteger made = new AtomicInteger();
        Hypervisor port = LazyPorts.hypervisor(() -> {
            made.incrementAndGet();
            return recorder(Hypervisor.class, new ArrayList<>());
        });
        assertThat(port.toString()).isEqualTo("lazy Hypervisor");
        assertThat(port).isEqualTo(port).hasSameHashCodeAs(port);
        assertThat(made).hasValue(0);

        port.kvmUsable();
        assertThat(made).hasValue(1); // the supplier decides about caching; the port asks on each call
    }

    @Test
    void kvmRuledOutByTheHostMakesNothing() {
        AtomicInteger made = new AtomicInteger();
        Hypervisor port = LazyPorts.hypervisor(() -> {
            made.incrementAndGet();
            return recorder(Hypervisor.class, new ArrayList<>());
        }, () -> true);
        assertThat(port.kvmUsable()).isFalse();
        assertThat(made).hasValue(0);
    }

    @Test
    void passesTheImplementationsExceptionOnUnwrapped() {
        Hypervisor port = LazyPorts.hypervisor(() -> {
            throw new IllegalStateException("no libvirt");
        });

        assertThatThrownBy(() -> port.status(InstanceName.of("vs-x"))).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("no libvirt");
    }

    @Test
    void everyHypervisorMethodDefaultsTooReachesTheSameMethodOfTheImplementation() throws Exception {
        passesEveryMethodOn(Hypervisor.class, LazyPorts::hypervisor);
    }

    @Test
    void everyNetworkMethodDefaultsTooReachesTheSameMethodOfTheImplementation() throws Exception {
        passesEveryMethodOn(NetworkProvisioner.class, LazyPorts::networks);
    }

    /** For each method of the port: called on the lazy port, the implementation sees that very method, once, with the same arguments. */
    private static <T> void passesEveryMethodOn(Class<T> port, Function<Supplier<T>, T> lazy) throws Exception {
        List<Object[]> calls = new ArrayList<>();
        T real = recorder(port, calls);
        T wrapped = lazy.apply(() -> real);
        for (Method m : port.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            calls.clear();
            Object[] args = new Object[m.getParameterCount()];
            for (int i = 0; i < args.length; i++) {
                args[i] = m.getParameterTypes()[i] == boolean.class ? Boolean.TRUE : "arg" + i;
                if (!m.getParameterTypes()[i].isInstance(args[i])) {
                    args[i] = m.getParameterTypes()[i] == boolean.class ? Boolean.TRUE : null;
                }
            }
            m.invoke(wrapped, args);
            assertThat(calls).as(m.toString()).hasSize(1);
            assertThat(calls.getFirst()[0]).as(m.toString()).isEqualTo(m);
            assertThat((Object[]) calls.getFirst()[1]).as(m.toString()).containsExactly(args);
        }
    }

    /** An implementation that records each call (method, arguments) and answers with the return type's zero. */
    private static <T> T recorder(Class<T> port, List<Object[]> calls) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (self, method, args) -> {
            calls.add(new Object[] {method, args == null ? new Object[0] : args});
            return method.getReturnType() == boolean.class ? Boolean.FALSE : null;
        }));
    }
}
