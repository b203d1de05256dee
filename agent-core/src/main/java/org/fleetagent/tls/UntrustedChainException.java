package org.fleetagent.tls;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/** The server's certificate chain was refused; carries the chain it presented so the error can describe it. */
public final class UntrustedChainException extends CertificateException {
    private final transient List<X509Certificate> presented;
    private final boolean pinMismatch;

    UntrustedChainException(String message, List<X509Certificate> presented, boolean pinMismatch, Throwable cause) {
        super(message, cause);
        this.presented = List.copyOf(presented);
        this.pinMismatch = pinMismatch;
    }

    /** The chain the server presented, leaf first. */
    public List<X509Certificate> presented() {
        return presented;
    }

    /** Whether the chain was valid but matched none of the pins. */
    public boolean pinMismatch() {
        return pinMismatch;
    }
}
