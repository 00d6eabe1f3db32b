package io.virtseed.samples.bench;

import io.virtseed.core.ports.Hypervisor;
import io.virtseed.core.provision.Provisioner;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one library operation's time goes: the moment each provisioning step starts (it is the
 * {@link Provisioner.Listener}) and how long each hypervisor call takes (through
 * {@link #timing(Hypervisor)}, a pass-through proxy that costs nanoseconds). Single-threaded, as
 * {@code up} and {@code down} are.
 *
 * <pre>{@code var clock = new PhaseClock(); Virtseed.builder(..).hypervisor(clock.timing(hv)).listener(clock);
 * clock.reset(); long t0 = System.nanoTime(); vs.up(spec); Map<String, Long> phases = clock.phases(t0, System.nanoTime());}</pre>
 */
final class PhaseClock implements Provisioner.Listener {

    /** The prefix of the keys of hypervisor calls in {@link #phases}. */
    static final String CALL = "  hypervisor.";

    /** What comes before the first step: image, lock, leftover check, uuid and allocation. */
    static final String BEFORE = "before the first step";

    private record Mark(String step, long at) {
    }

    private final List<Mark> marks = new ArrayList<>();
    private final Map<String, Long> calls = new LinkedHashMap<>();

    void reset() {
        marks.clear();
        calls.clear();
    }

    @Override
    public void stepStarted(String name) {
        marks.add(new Mark(name, System.nanoTime()));
    }

    /** The same hypervisor, each call timed into this clock. */
    Hypervisor timing(Hypervisor real) {
        return (Hypervisor) Proxy.newProxyInstance(Hypervisor.class.getClassLoader(), new Class<?>[] {Hypervisor.class},
                (proxy, method, args) -> {
                    long t = System.nanoTime();
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        calls.merge(CALL + method.getName(), System.nanoTime() - t, Long::sum);
                    }
                });
    }

    /**
     * The operation that ran from {@code start} to {@code end}, in nanoseconds: the time before the
     * first step, each step up to the next one's start (the last one to {@code end}, lock release
     * included), then the total of each hypervisor method, which falls inside those phases.
     */
    Map<String, Long> phases(long start, long end) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (!marks.isEmpty()) {
            out.put(BEFORE, marks.getFirst().at() - start);
        }
        for (int i = 0; i < marks.size(); i++) {
            long until = i + 1 < marks.size() ? marks.get(i + 1).at() : end;
            out.merge(marks.get(i).step(), until - marks.get(i).at(), Long::sum);
        }
        out.putAll(calls);
        return out;
    }
}
