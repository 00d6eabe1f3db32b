package io.virtseed.core.metadata;

import java.util.Objects;
import java.util.Optional;

/**
 * One request to the metadata service, as far as the answer depends on it.
 *
 * @param method    upper-case HTTP method
 * @param uri       the request target as sent ({@code /openstack/latest/?x=1})
 * @param body      the request body (empty for GET)
 * @param tokenTtl  the {@code X-aws-ec2-metadata-token-ttl-seconds} header, when sent
 */
public record HttpRequest(String method, String uri, byte[] body, Optional<String> tokenTtl) {

    public HttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(tokenTtl, "tokenTtl");
    }

    public static HttpRequest get(String uri) {
        return new HttpRequest("GET", uri, new byte[0], Optional.empty());
    }

    public static HttpRequest post(String uri, byte[] body) {
        return new HttpRequest("POST", uri, body, Optional.empty());
    }

    /**
     * The path as nova resolves it ({@code posixpath.normpath}): no query, no leading or trailing
     * slash, {@code //} and {@code .} collapsed, {@code ..} applied; the root is the empty string.
     */
    public String normalizedPath() {
        String path = uri;
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        int hash = path.indexOf('#');
        if (hash >= 0) {
            path = path.substring(0, hash);
        }
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }
}
