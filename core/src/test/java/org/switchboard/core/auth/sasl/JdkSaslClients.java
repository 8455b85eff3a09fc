package org.switchboard.core.auth.sasl;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import java.util.Map;

/** The JDK's own SASL client mechanisms (module java.security.sasl), used as independent peers. */
final class JdkSaslClients {
    private JdkSaslClients() {
    }

    static SaslClient create(String mechanism, String authzid, String user, String password) throws SaslException {
        SaslClient client = Sasl.createSaslClient(new String[] {mechanism}, authzid, "imap", "mail.example.com", Map.of(),
                callbacks -> {
                    for (Callback cb : callbacks) {
                        if (cb instanceof NameCallback n) n.setName(user);
                        else if (cb instanceof PasswordCallback p) p.setPassword(password.toCharArray());
                        else throw new UnsupportedCallbackException(cb);
                    }
                });
        if (client == null) throw new IllegalStateException("JDK has no SASL client for " + mechanism);
        return client;
    }
}
