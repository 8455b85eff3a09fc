package org.switchboard.core.auth;

/** The outcome of a login attempt. Protocols show failures generically; the reason goes to the logs. */
public sealed interface AuthResult permits AuthResult.Success, AuthResult.Failure {
    record Success(Principal principal) implements AuthResult {}

    record Failure(Reason reason) implements AuthResult {}

    enum Reason {
        BAD_CREDENTIALS("wrong user name or password"), DISABLED("account disabled"),
        BLOCKED("source address blocked after repeated failures"), ACCOUNT_LOCKED("account locked after repeated failures"),
        POLICY_DENIED("access policy forbids this service from this address"), PASSWORD_EXPIRED("password expired"),
        NOT_ADMIN("the account has no administration rights");

        public final String text;

        Reason(String text) { this.text = text; }
    }
}
