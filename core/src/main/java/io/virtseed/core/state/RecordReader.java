package io.virtseed.core.state;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.virtseed.core.spec.Datasource;
import io.virtseed.core.spec.MachineType;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.MacAddress;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads an {@code instance.json} with Jackson's streaming parser: building the record mapper and
 * its record deserializers is some 40 to 60 ms of a fresh process, most of an {@code ls}. It only
 * takes the shape the store writes (each field once, of its written type, values in the form
 * Jackson writes them); anything else, a broken record included, answers empty, and the caller
 * reads the bytes with the mapper, so the record or the error is the mapper's whatever the file
 * holds. {@code RecordReaderTest} holds the two to the same records.
 */
final class RecordReader {

    private static final JsonFactory FACTORY = new JsonFactory();

    /** Thrown inside only: the file is not in the shape read here. */
    private static final class Unsure extends Exception {
        Unsure() {
            super(null, null, false, false);
        }
    }

    private RecordReader() {
    }

    /** The record, or empty when the mapper is to read these bytes. */
    static Optional<InstanceRecord> read(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            InstanceRecord r = record(p);
            return p.nextToken() == null ? Optional.of(r) : Optional.empty();
        } catch (Unsure | IOException | RuntimeException e) { // the constructors' checks too
            return Optional.empty();
        }
    }

    private static InstanceRecord record(JsonParser p) throws IOException, Unsure {
        int version = 0;
        String name = null;
        UUID uuid = null;
        String image = null;
        String hostname = null;
        Datasource datasource = null;
        MachineType machine = null;
        Accelerator accel = null;
        Phase phase = null;
        Instant created = null;
        List<InstanceRecord.Nic> nics = null;
        Set<String> seen = new HashSet<>();
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            if (!seen.add(field)) {
                throw new Unsure(); // the mapper keeps the last; not worth copying
            }
            JsonToken t = p.nextToken();
            switch (field) {
                case "version" -> {
                    if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                        throw new Unsure();
                    }
                    version = p.getIntValue();
                }
                case "name" -> name = string(p, t);
                case "uuid" -> {
                    String s = string(p, t);
                    uuid = valueOr(s, UUID::fromString);
                    if (uuid != null) {
                        if (!uuid.toString().equalsIgnoreCase(s)) {
                            throw new Unsure(); // a short form UUID.fromString takes and Jackson may not
                        }
                    }
                }
                case "image" -> image = string(p, t);
                case "hostname" -> hostname = string(p, t);
                case "datasource" -> datasource = valueOr(string(p, t), Datasource::fromSpecName);
                case "machine" -> machine = valueOr(string(p, t), MachineType::fromLibvirtName);
                case "accel" -> accel = valueOr(string(p, t), Accelerator::of);
                case "phase" -> phase = valueOr(string(p, t), Phase::of);
                case "created" -> {
                    String s = string(p, t);
                    created = valueOr(s, Instant::parse);
                    if (created != null) {
                        if (!created.toString().equals(s)) {
                            throw new Unsure(); // only the form Jackson writes
                        }
                    }
                }
                case "nics" -> nics = nics(p, t);
                default -> throw new Unsure(); // the mapper refuses a field it does not know
            }
        }
        return new InstanceRecord(version, name, uuid, image, hostname, datasource, machine, accel, phase, created,
                nics);
    }

    private static List<InstanceRecord.Nic> nics(JsonParser p, JsonToken t) throws IOException, Unsure {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            throw new Unsure();
        }
        List<InstanceRecord.Nic> out = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            if (e != JsonToken.START_OBJECT) {
                throw new Unsure();
            }
            out.add(nic(p));
        }
        return out;
    }

    private static InstanceRecord.Nic nic(JsonParser p) throws IOException, Unsure {
        String network = null;
        MacAddress mac = null;
        Optional<IpAddress> ip = null;
        Optional<IpAddress> ip6 = null;
        String tap = null;
        boolean dhcp = false;
        Set<String> seen = new HashSet<>();
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            if (!seen.add(field)) {
                throw new Unsure();
            }
            JsonToken t = p.nextToken();
            switch (field) {
                case "network" -> network = string(p, t);
                case "mac" -> mac = valueOr(string(p, t), MacAddress::of);
                case "ip" -> ip = Optional.ofNullable(valueOr(string(p, t), IpAddress::parse));
                case "ip6" -> ip6 = Optional.ofNullable(valueOr(string(p, t), IpAddress::parse));
                case "tap" -> tap = string(p, t);
                case "dhcp" -> {
                    if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                        throw new Unsure(); // null or a string: the mapper's coercions decide
                    }
                    dhcp = t == JsonToken.VALUE_TRUE;
                }
                default -> throw new Unsure();
            }
        }
        return new InstanceRecord.Nic(network, mac, ip, ip6, tap, dhcp);
    }

    /** A string, or null for JSON's null; any other token (which the mapper may coerce) is left to it. */
    private static String string(JsonParser p, JsonToken t) throws IOException, Unsure {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw new Unsure();
        }
        return p.getText();
    }

    /** Null for null; the empty string, which the mapper may take as null for some types, is left to it. */
    private static <T> T valueOr(String text, Function<String, T> of) throws Unsure {
        if (text == null) {
            return null;
        }
        if (text.isEmpty()) {
            throw new Unsure();
        }
        return of.apply(text);
    }
}
