package org.switchboard.web.api;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates the OpenAPI 3.1 document from the route table, with JSON schemas derived from the
 * request and response record types, so the document cannot drift from the code.
 */
public final class OpenApi {
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");

    private final Map<String, Object> schemas = new LinkedHashMap<>();

    private OpenApi() {}

    public static Map<String, Object> document(List<Route> routes, String version) {
        return new OpenApi().build(routes, version);
    }

    private Map<String, Object> build(List<Route> routes, String version) {
        Map<String, Object> paths = new LinkedHashMap<>();
        for (Route r : routes) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(r.path(), k -> new LinkedHashMap<>());
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("tags", List.of(r.tag()));
            op.put("summary", r.summary());
            op.put("operationId", r.method().toLowerCase() + r.path().replaceAll("[^A-Za-z0-9]+", "_"));
            List<Object> params = new ArrayList<>();
            Matcher m = PARAM.matcher(r.path());
            while (m.find()) params.add(Map.of("name", m.group(1), "in", "path", "required", true, "schema", Map.of("type", "string")));
            if (!params.isEmpty()) op.put("parameters", params);
            if (r.requestBody() != null) {
                Object schema = r.requestBody() == String.class ? Map.of("type", "string") : schema(r.requestBody());
                op.put("requestBody", Map.of("required", true, "content", Map.of(r.requestMediaType(), Map.of("schema", schema))));
            }
            Map<String, Object> responses = new LinkedHashMap<>();
            if (r.response() != null) {
                responses.put("200", Map.of("description", "OK", "content", Map.of("application/json", Map.of("schema", schema(r.response())))));
            } else {
                responses.put("200", Map.of("description", "OK"));
            }
            responses.put("default", Map.of("description", "RFC 9457 problem details",
                    "content", Map.of("application/problem+json", Map.of("schema", Map.of("$ref", "#/components/schemas/Problem")))));
            op.put("responses", responses);
            if (r.access() != Access.PUBLIC) {
                op.put("security", List.of(Map.of("bearer", List.of())));
                op.put("x-required-rights", r.access().name());
            }
            item.put(r.method().toLowerCase(), op);
        }
        schemas.put("Problem", Map.of("type", "object", "properties", Map.of(
                "type", Map.of("type", "string"), "title", Map.of("type", "string"), "status", Map.of("type", "integer"),
                "detail", Map.of("type", "string"), "instance", Map.of("type", "string"),
                "errors", Map.of("type", "array", "items", Map.of("type", "object", "properties",
                        Map.of("field", Map.of("type", "string"), "message", Map.of("type", "string")))))));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", Map.of("title", "Switchboard admin API", "version", version,
                "description", "Administration of a Switchboard server. Log in with POST /api/v1/login and send the token as "
                        + "'Authorization: Bearer <token>'. Errors are RFC 9457 problem documents."));
        doc.put("paths", paths);
        doc.put("components", Map.of("schemas", schemas,
                "securitySchemes", Map.of("bearer", Map.of("type", "http", "scheme", "bearer"))));
        return doc;
    }

    private Object schema(Type t) {
        if (t instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (Collection.class.isAssignableFrom(raw)) return Map.of("type", "array", "items", schema(p.getActualTypeArguments()[0]));
            if (Map.class.isAssignableFrom(raw)) return Map.of("type", "object", "additionalProperties", schema(p.getActualTypeArguments()[1]));
            return schema(raw);
        }
        Class<?> c = (Class<?>) t;
        if (c.isArray()) return Map.of("type", "array", "items", schema(c.getComponentType()));
        if (c == String.class) return Map.of("type", "string");
        if (c == boolean.class || c == Boolean.class) return Map.of("type", "boolean");
        if (c == int.class || c == Integer.class || c == long.class || c == Long.class) return Map.of("type", "integer");
        if (c == double.class || c == Double.class) return Map.of("type", "number");
        if (c == Instant.class || c == LocalDateTime.class) return Map.of("type", "string", "format", "date-time");
        if (c == LocalTime.class) return Map.of("type", "string", "format", "time");
        if (c.isEnum()) {
            List<String> values = new ArrayList<>();
            for (Object o : c.getEnumConstants()) values.add(o.toString());
            return Map.of("type", "string", "enum", values);
        }
        if (c.isRecord()) {
            String name = c.getSimpleName();
            if (!schemas.containsKey(name)) {
                schemas.put(name, Map.of());   // placeholder breaks recursion
                Map<String, Object> props = new LinkedHashMap<>();
                for (RecordComponent rc : c.getRecordComponents()) props.put(rc.getName(), schema(rc.getGenericType()));
                schemas.put(name, Map.of("type", "object", "properties", props));
            }
            return Map.of("$ref", "#/components/schemas/" + name);
        }
        return Map.of("type", "object");
    }
}
