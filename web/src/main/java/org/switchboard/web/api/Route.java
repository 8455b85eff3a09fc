package org.switchboard.web.api;

import java.util.List;

/**
 * One API operation: method, path template ({name} segments), what it requires, and the
 * documentation the OpenAPI document is generated from (so the two never disagree).
 */
public record Route(String method, String path, Access access, String tag, String summary,
                    Class<?> requestBody, String requestMediaType, Class<?> response, Handler handler) {

    @FunctionalInterface
    public interface Handler { Reply handle(Exchange exchange) throws Exception; }

    List<String> segments() { return List.of(path.substring(1).split("/")); }

    public static Builder get(String path) { return new Builder("GET", path); }

    public static Builder post(String path) { return new Builder("POST", path); }

    public static Builder put(String path) { return new Builder("PUT", path); }

    public static Builder patch(String path) { return new Builder("PATCH", path); }

    public static Builder delete(String path) { return new Builder("DELETE", path); }

    public static final class Builder {
        private final String method, path;
        private Access access = Access.ADMIN;
        private String tag = "", summary = "", mediaType = "application/json";
        private Class<?> body, response;

        Builder(String method, String path) { this.method = method; this.path = path; }

        public Builder access(Access a) { access = a; return this; }

        public Builder doc(String tag, String summary) { this.tag = tag; this.summary = summary; return this; }

        public Builder body(Class<?> type) { body = type; return this; }

        public Builder body(Class<?> type, String mediaType) { body = type; this.mediaType = mediaType; return this; }

        public Builder returns(Class<?> type) { response = type; return this; }

        public Route to(Handler h) { return new Route(method, path, access, tag, summary, body, mediaType, response, h); }
    }
}
