package io.virtseed.core.metadata;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What the metadata HTTP service answers to one request: status, content type, body, and what the
 * server must do besides answering (store a posted password, record that the guest is ready).
 *
 * @param status      HTTP status code
 * @param contentType the Content-Type header
 * @param body        the body; shared, must not be modified
 * @param effect      the side effect the server carries out before sending the answer
 */
public record HttpAnswer(int status, String contentType, byte[] body, Effect effect) {

    public static final String TEXT = "text/plain; charset=UTF-8";
    public static final String JSON = "application/json";

    /** What the server does besides answering. */
    public enum Effect {
        NONE,
        /** Store the request body as the instance's password (nova's rules already checked). */
        STORE_PASSWORD,
        /** Record that the guest reported ready. */
        READY
    }

    public HttpAnswer {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(effect, "effect");
    }

    static HttpAnswer ok(String contentType, byte[] body) {
        return new HttpAnswer(200, contentType, body, Effect.NONE);
    }

    static HttpAnswer error(int status, String text) {
        return new HttpAnswer(status, TEXT, text.getBytes(StandardCharsets.UTF_8), Effect.NONE);
    }

    /** The answer to a source address the service does not know: nothing but the status. */
    public static HttpAnswer notFound() {
        return error(404, "404 Not Found");
    }
}
