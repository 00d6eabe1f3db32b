package io.virtseed.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtseed.core.lifecycle.Networks;
import io.virtseed.core.state.NetworkRecord;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Renders networks for people and for programs. */
final class NetViews {

    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build()
            .enable(SerializationFeature.INDENT_OUTPUT);

    private NetViews() {
    }

    static String table(List<NetworkRecord> nets, Networks networks) {
        StringBuilder sb = new StringBuilder();
        String fmt = "%-20s %-9s %-18s %-12s %s%n";
        sb.append(String.format(fmt, "NAME", "MODE", "CIDR", "BRIDGE", "INSTANCES"));
        for (NetworkRecord n : nets) {
            sb.append(String.format(fmt, n.name(), mode(n), n.cidr(), n.bridge(), networks.users(n.name()).size()));
        }
        return sb.toString();
    }

    static String details(NetworkRecord n, Networks networks) {
        return "name:       " + n.name() + "\n"
                + "mode:       " + mode(n) + "\n"
                + "cidr:       " + n.cidr() + n.cidr6().map(p -> " " + p).orElse("") + "\n"
                + "gateway:    " + n.router().map(Object::toString).orElse("none") + "\n"
                + "service:    " + n.serviceAddress() + " (DHCP, metadata behind 169.254.169.254)\n"
                + "bridge:     " + n.bridge() + (n.ownsBridge() ? "" : " (existing)") + "\n"
                + "namespace:  " + n.namespace() + "\n"
                + "dhcp:       " + (n.spec().dhcp() ? "on" : "off") + "\n"
                + "dns:        " + join(n.spec().dns()) + "\n"
                + "domain:     " + n.spec().domain().orElse("-") + "\n"
                + "mtu:        " + (n.spec().mtu().isPresent() ? n.spec().mtu().getAsInt() : "-") + "\n"
                + "ntp:        " + join(n.spec().ntp()) + "\n"
                + "owner:      " + n.owner().orElse("-") + "\n"
                + "instances:  " + String.join(", ", networks.users(n.name())) + "\n";
    }

    static String json(List<NetworkRecord> nets, Networks networks) {
        ArrayNode arr = JSON.createArrayNode();
        for (NetworkRecord n : nets) {
            ObjectNode o = arr.addObject();
            o.put("name", n.name()).put("id", n.id()).put("mode", mode(n)).put("cidr", n.cidr().toString());
            n.cidr6().ifPresent(p -> o.put("cidr6", p.toString()));
            o.put("bridge", n.bridge()).put("namespace", n.namespace()).put("service", n.serviceAddress().text());
            n.router().ifPresent(r -> o.put("gateway", r.text()));
            o.put("dhcp", n.spec().dhcp());
            ArrayNode users = o.putArray("instances");
            networks.users(n.name()).forEach(users::add);
        }
        try {
            return JSON.writeValueAsString(arr);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String mode(NetworkRecord n) {
        return n.mode().name().toLowerCase(Locale.ROOT);
    }

    private static String join(List<?> values) {
        return values.isEmpty() ? "-" : values.stream().map(Object::toString).collect(Collectors.joining(", "));
    }
}
