package org.fleetagent.tls;

import java.nio.file.Path;
import java.util.List;

/**
 * TLS settings of one connection (to Fleet, or to a TLS proxy), as the real agent's {@code ssl} block.
 *
 * @param certificateAuthorities CAs to trust, each a file path or an inline PEM; empty means the system trust store
 * @param caSha256               pins of certificates' public keys, read where they entered; one must match a
 *                               certificate of the verified chain
 * @param verificationMode       how the server is verified
 * @param certificate            the client certificate (path or inline PEM), or null
 * @param key                    its private key (path or inline PEM; PKCS#1, PKCS#8, encrypted, EC), or null
 * @param keyPassphrasePath      a file holding the key's passphrase, or null
 */
public record TlsSettings(List<String> certificateAuthorities, List<Pin> caSha256, VerificationMode verificationMode,
                          String certificate, String key, Path keyPassphrasePath) {

    public TlsSettings {
        certificateAuthorities = certificateAuthorities == null ? List.of() : List.copyOf(certificateAuthorities);
        caSha256 = caSha256 == null ? List.of() : List.copyOf(caSha256);
        verificationMode = verificationMode == null ? VerificationMode.FULL : verificationMode;
        certificate = blankToNull(certificate);
        key = blankToNull(key);
    }

    /** System trust, full verification, no client certificate. */
    public static TlsSettings defaults() {
        return new TlsSettings(List.of(), List.of(), VerificationMode.FULL, null, null, null);
    }

    /** Whether a client certificate is configured. */
    public boolean hasClientCertificate() {
        return certificate != null && key != null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
