package io.virtseed.core.metadata;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * One instance's metadata as nova's metadata API serves it over HTTP ({@code metadata-spec.md}
 * sections 6 and 7): the EC2 version list at {@code /}, the OpenStack tree under
 * {@code /openstack}, the EC2 hierarchy under {@code /<version>/}, the password, the IMDSv2 token
 * (answered, never required) and the readiness report. Every answer is computed when the view is
 * built, so {@link #answer} is a map lookup; equal content is stored once.
 *
 * <pre>{@code
 * MetadataHttpView view = MetadataHttpView.of(md);
 * HttpAnswer a = view.answer(HttpRequest.get("/openstack/latest/meta_data.json"), storedPassword);
 * }</pre>
 */
public final class MetadataHttpView {

    /** cloud-init's phone_home posts here (see {@link ReadyReport}). */
    public static final String READY_PATH = "virtseed/ready";
    /** nova: 4 chunks of 255 bytes. */
    public static final int MAX_PASSWORD_BYTES = 4 * 255;
    private static final String TOKEN_PATH = "latest/api/token";
    private static final int MAX_TOKEN_TTL = 21600;
    private static final List<String> OPENSTACK_FILES = List.of("meta_data.json", "user_data", "password",
            "vendor_data.json", "network_data.json", "vendor_data2.json");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Shared: a renderer holds a JSON mapper, costly to make once per instance. */
    private static final MetadataTreeRenderer RENDERER = new MetadataTreeRenderer();

    /**
     * Every path any view serves gets a number, shared by all views; a view is then an array of
     * bodies by path number, a fraction of a map's size (a daemon holds thousands of views).
     */
    private static final Map<String, Integer> PATH_IDS = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT_ID = new AtomicInteger();

    /** Bodies by path number; the content type follows from the name. */
    private final byte[][] bodies;
    private final long bytes;

    private MetadataHttpView(Map<String, byte[]> answers, long bytes) {
        int max = -1;
        for (String path : answers.keySet()) {
            max = Math.max(max, PATH_IDS.computeIfAbsent(path, p -> NEXT_ID.getAndIncrement()));
        }
        this.bodies = new byte[max + 1][];
        answers.forEach((path, body) -> bodies[PATH_IDS.get(path)] = body);
        this.bytes = bytes;
    }

    /** Renders the view of one instance (no admin_pass, no injected files). */
    public static MetadataHttpView of(InstanceMetadata md) {
        Interner interner = new Interner();
        Map<String, byte[]> answers = new HashMap<>();
        BiConsumer<String, byte[]> put = (path, content) -> answers.put(path, interner.of(content));
        put.accept("", Ec2Tree.versionList());
        MetadataTree tree = RENDERER.httpTree(md);
        List<String> versions = new ArrayList<>();
        for (OpenStackVersion v : OpenStackVersion.values()) {
            String dir = "openstack/" + v.dirName();
            versions.add(v.dirName());
            List<String> listing = new ArrayList<>();
            for (String name : OPENSTACK_FILES) {
                boolean password = name.equals("password") && v.atLeast(OpenStackVersion.GRIZZLY);
                tree.get(dir + "/" + name).ifPresent(content -> put.accept(dir + "/" + name, content));
                if (password || tree.contains(dir + "/" + name)) {
                    listing.add(name);
                }
            }
            put.accept(dir, lines(listing));
        }
        put.accept("openstack", lines(versions));
        Ec2Tree.render(md, put);
        return new MetadataHttpView(answers, interner.bytes);
    }

    /**
     * The answer to one request from this instance.
     *
     * @param storedPassword the password stored so far (empty when none or cleared)
     */
    public HttpAnswer answer(HttpRequest request, byte[] storedPassword) {
        return answer(request, () -> storedPassword);
    }

    /**
     * The answer to one request from this instance; {@code storedPassword} is asked only for
     * requests to the password.
     */
    public HttpAnswer answer(HttpRequest request, Supplier<byte[]> storedPassword) {
        String path = request.normalizedPath();
        String method = request.method();
        if (isPassword(path)) {
            return password(method, request.body(), storedPassword.get());
        }
        if (path.equals(TOKEN_PATH) && method.equals("PUT")) {
            return token(request);
        }
        if (path.equals(READY_PATH)) {
            return method.equals("POST") ? new HttpAnswer(200, HttpAnswer.TEXT, new byte[0], HttpAnswer.Effect.READY)
                    : HttpAnswer.error(400, "400 Bad Request: POST only is supported.");
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return HttpAnswer.error(400, "400 Bad Request");
        }
        Integer id = PATH_IDS.get(path);
        byte[] found = id == null || id >= bodies.length ? null : bodies[id];
        if (found == null) {
            return HttpAnswer.notFound();
        }
        return HttpAnswer.ok(path.endsWith(".json") ? HttpAnswer.JSON : HttpAnswer.TEXT, found);
    }

    /** The bytes this view holds alone (equal content shared), for capacity planning. */
    public long contentBytes() {
        return bytes;
    }

    private boolean isPassword(String path) {
        if (!path.startsWith("openstack/") || !path.endsWith("/password")) {
            return false;
        }
        String version = path.substring("openstack/".length(), path.length() - "/password".length());
        for (OpenStackVersion v : OpenStackVersion.values()) {
            if (v.dirName().equals(version)) {
                return v.atLeast(OpenStackVersion.GRIZZLY);
            }
        }
        return false;
    }

    /** nova's password handler: the conflict check comes before the size check. */
    private static HttpAnswer password(String method, byte[] body, byte[] stored) {
        switch (method) {
            case "GET", "HEAD" -> {
                return HttpAnswer.ok(HttpAnswer.TEXT, stored.clone());
            }
            case "POST" -> {
                if (stored.length > 0) {
                    return HttpAnswer.error(409, "409 Conflict");
                }
                if (body.length > MAX_PASSWORD_BYTES) {
                    return HttpAnswer.error(400, "400 Bad Request: Request is too large.");
                }
                return new HttpAnswer(200, HttpAnswer.TEXT, new byte[0], HttpAnswer.Effect.STORE_PASSWORD);
            }
            default -> {
                return HttpAnswer.error(400, "400 Bad Request: GET and POST only are supported.");
            }
        }
    }

    /** IMDSv2: a token for a TTL of 1 to 21600 s; no request ever needs it. */
    private static HttpAnswer token(HttpRequest request) {
        int ttl;
        try {
            ttl = Integer.parseInt(request.tokenTtl().orElse("").strip());
        } catch (NumberFormatException e) {
            ttl = 0;
        }
        if (ttl < 1 || ttl > MAX_TOKEN_TTL) {
            return HttpAnswer.error(400, "400 Bad Request");
        }
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        return HttpAnswer.ok(HttpAnswer.TEXT,
                Base64.getUrlEncoder().withoutPadding().encode(token));
    }

    private static byte[] lines(List<String> items) {
        return String.join("\n", items).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Keeps one array per distinct content: versions share most of their files, and instances share
     * their listings and most short leaves (a bounded set kept for the process's life).
     */
    private static final class Interner {
        private static final int SHARED_MAX_BYTES = 256;
        private static final int SHARED_MAX_ENTRIES = 4096;
        private static final Map<Key, byte[]> SHARED = new ConcurrentHashMap<>();
        private final Map<Key, byte[]> seen = new HashMap<>();
        private long bytes;

        byte[] of(byte[] content) {
            Key key = new Key(content, Arrays.hashCode(content));
            byte[] shared = SHARED.get(key);
            if (shared != null) {
                return shared;
            }
            if (content.length <= SHARED_MAX_BYTES && SHARED.size() < SHARED_MAX_ENTRIES) {
                return SHARED.computeIfAbsent(key, k -> content);
            }
            return seen.computeIfAbsent(key, k -> {
                bytes += content.length;
                return content;
            });
        }

        /** The hash computed once: user data is hashed for every version otherwise. */
        private record Key(byte[] content, int hash) {
            @Override
            public boolean equals(Object o) {
                return o instanceof Key k && hash == k.hash && Arrays.equals(content, k.content);
            }

            @Override
            public int hashCode() {
                return hash;
            }
        }
    }
}
