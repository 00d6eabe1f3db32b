package io.virtseed.core.spec;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Everything one spec file asks for: instances, and the networks a plan declares. */
public record Plan(List<NetworkSpec> networks, List<InstanceSpec> instances) {

    public Plan {
        networks = List.copyOf(networks);
        instances = List.copyOf(instances);
        Set<String> seen = new HashSet<>();
        for (InstanceSpec i : instances) {
            if (!seen.add(i.name().value())) {
                throw new IllegalArgumentException("instance name '" + i.name() + "' appears twice");
            }
        }
        Map<UUID, String> uuids = new HashMap<>();
        for (InstanceSpec i : instances) {
            if (i.uuid().isEmpty()) {
                continue;
            }
            UUID u = i.uuid().get();
            if (uuids.containsKey(u)) {
                throw new IllegalArgumentException("instances '" + uuids.get(u) + "' and '" + i.name()
                        + "' have the same uuid " + u + "; each instance needs its own");
            }
            uuids.put(u, i.name().value());
        }
        seen.clear();
        for (NetworkSpec n : networks) {
            if (!seen.add(n.name())) {
                throw new IllegalArgumentException("network name '" + n.name() + "' appears twice");
            }
        }
    }

    /** The one instance of a single-instance spec. */
    public InstanceSpec single() {
        if (instances.size() != 1) {
            throw new IllegalStateException("the spec holds " + instances.size() + " instances, not one");
        }
        return instances.get(0);
    }
}
