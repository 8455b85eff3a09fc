package org.switchboard.web.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.switchboard.core.json.Json;

/** An HTTP answer built by a route: status, content type, body bytes, extra headers. */
public record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
    public static Reply json(Object value) { return json(200, value); }

    public static Reply json(int status, Object value) {
        return new Reply(status, "application/json", Json.write(value).getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static Reply noContent() { return new Reply(204, null, new byte[0], Map.of()); }

    public static Reply text(int status, String contentType, String body) {
        return new Reply(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static Reply download(String contentType, String fileName, String body) {
        return new Reply(200, contentType, body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Disposition", "attachment; filename=\"" + fileName + "\""));
    }
}
