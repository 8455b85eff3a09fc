package org.switchboard.core.error;

import java.util.List;

/**
 * A refusal a user can act on: the API turns it into an RFC 9457 problem document, the CLI
 * into a one-line reason. Services throw it; nothing has been changed when it is thrown.
 */
public class Problem extends RuntimeException {

    public enum Kind {
        INVALID(400, "Invalid request"), UNAUTHORIZED(401, "Authentication required"), FORBIDDEN(403, "Forbidden"),
        NOT_FOUND(404, "Not found"), CONFLICT(409, "Conflict"), TOO_LARGE(413, "Request too large"),
        METHOD_NOT_ALLOWED(405, "Method not allowed"), BLOCKED(429, "Too many failed attempts"),
        INTERNAL(500, "Internal error");

        public final int status;
        public final String title;

        Kind(int status, String title) { this.status = status; this.title = title; }
    }

    /** A message tied to one input field ("name", "row 3", ...). */
    public record FieldError(String field, String message) {}

    private final Kind kind;
    private final List<FieldError> errors;

    public Problem(Kind kind, String detail) { this(kind, detail, List.of()); }

    public Problem(Kind kind, String detail, List<FieldError> errors) {
        super(detail);
        this.kind = kind;
        this.errors = List.copyOf(errors);
    }

    public Kind kind() { return kind; }

    public List<FieldError> errors() { return errors; }

    public static Problem invalid(String field, String message) {
        return new Problem(Kind.INVALID, field + ": " + message, List.of(new FieldError(field, message)));
    }

    public static Problem notFound(String what) { return new Problem(Kind.NOT_FOUND, what + " does not exist"); }

    public static Problem conflict(String detail) { return new Problem(Kind.CONFLICT, detail); }

    public static Problem forbidden(String detail) { return new Problem(Kind.FORBIDDEN, detail); }
}
