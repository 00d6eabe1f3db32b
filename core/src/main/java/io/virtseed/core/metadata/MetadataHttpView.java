package io.virtseed.core.metadata;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    private final Map<String, HttpAnswer> answers;
    private final long bytes;

    private MetadataHttpView(Map<String, HttpAnswer> answers, long bytes) {
        this.answers = answers;
        this.bytes = bytes;
    }

    /** Renders the view of one instance (no admin_pass, no injected files). */
    public static MetadataHttpView of(InstanceMetadata md) {
        Interner interner = new Interner();
        Map<String, HttpAnswer> answers = new HashMap<>();
        answers.put("", HttpAnswer.ok(HttpAnswer.TEXT, Ec2Tree.versionList()));
        MetadataTree tree = md.httpTree();
        List<String> versions = new ArrayList<>();
        for (OpenStackVersion v : OpenStackVersion.values()) {
            String dir = "openstack/" + v.dirName();
            versions.add(v.dirName());
            List<String> listing = new ArrayList<>();
            for (String name : OPENSTACK_FILES) {
                boolean password = name.equals("password") && v.atLeast(OpenStackVersion.GRIZZLY);
                tree.get(dir + "/" + name).ifPresent(content -> answers.put(dir + "/" + name,
                        HttpAnswer.ok(name.endsWith(".json") ? HttpAnswer.JSON : HttpAnswer.TEXT, interner.of(content))));
                if (password || tree.contains(dir + "/" + name)) {
                    listing.add(name);
                }
            }
            answers.put(dir, HttpAnswer.ok(HttpAnswer.TEXT, interner.of(lines(listing))));
        }
        answers.put("openstack", HttpAnswer.ok(HttpAnswer.TEXT, lines(versions)));
        Ec2Tree.render(md, (path, content) -> answers.put(path, HttpAnswer.ok(HttpAnswer.TEXT, interner.of(content))));
        return new MetadataHttpView(Map.copyOf(answers), interner.bytes);
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
        HttpAnswer found = answers.get(path);
        return found != null ? found : HttpAnswer.notFound();
    }

    /** The bytes the view holds (after sharing equal content), for capacity planning. */
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

    /** Keeps one array per distinct content: versions share most of their files. */
    private static final class Interner {
        private final Map<Key, byte[]> seen = new HashMap<>();
        private long bytes;

        byte[] of(byte[] content) {
            return seen.computeIfAbsent(new Key(content), k -> {
                bytes += content.length;
                return content;
            });
        }

        private record Key(byte[] content) {
            @Override
            public boolean equals(Object o) {
                return o instanceof Key k && Arrays.equals(content, k.content);
            }

            @Override
            public int hashCode() {
                return Arrays.hashCode(content);
            }
        }
    }
}
