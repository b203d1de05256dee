package org.fleetagent.tls;

import java.util.Locale;

/**
 * How the agent verifies the server it talks to, as the real agent's {@code ssl.verification_mode}: {@code full}
 * (chain and host name, the default), {@code strict} (the same, and the host name must be in the SAN), {@code
 * certificate} (chain only, any host name) and {@code none} (nothing; only with {@code --insecure}).
 */
public enum VerificationMode {
    FULL, STRICT, CERTIFICATE, NONE;

    /** Parses {@code full|strict|certificate|none}, any case. */
    public static VerificationMode parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("verification mode must be full, strict, certificate or none (got \"" + s + "\")");
        }
    }

    /** The config form: {@code full}, {@code strict}, {@code certificate}, {@code none}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
