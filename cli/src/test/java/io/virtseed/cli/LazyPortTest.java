package io.virtseed.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/** The lazy port makes its implementation on the first real call, once, and passes errors on as they are. */
class LazyPortTest {

    @Test
    void makesTheImplementationOnFirstCallOnly() {
        AtomicInteger made = new AtomicInteger();
        IntSupplier port = LazyPort.of(IntSupplier.class, () -> {
            made.incrementAndGet();
            return () -> 42;
        });
        assertThat(port.toString()).isEqualTo("lazy IntSupplier");
        assertThat(port).isEqualTo(port).hasSameHashCodeAs(port);
        assertThat(made).hasValue(0);

        assertThat(port.getAsInt()).isEqualTo(42);
        assertThat(made).hasValue(1); // the supplier decides about caching; the proxy asks on each call
    }

    @Test
    void passesTheImplementationsExceptionOnUnwrapped() {
        IntSupplier port = LazyPort.of(IntSupplier.class, () -> () -> {
            throw new IllegalStateException("no libvirt");
        });

        assertThatThrownBy(port::getAsInt).isExactlyInstanceOf(IllegalStateException.class).hasMessage("no libvirt");
    }
}
