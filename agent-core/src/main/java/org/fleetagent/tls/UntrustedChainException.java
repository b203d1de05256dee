package org.fleetagent.tls;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/** The server's certificate chain was refused; carries the chain it presented so the error can describe it. */
public final class UntrustedChainException extends CertificateException {
    private final transient List<X509Certificate> presented;
    private final transient List<X509Certificate> anchors;
    private final transient List<Pin> pins;

    /**
     * @param anchors trusted CAs that issued the chain and were matched against the pins too
     * @param pins    the pins none of which matched, or null when the chain itself was refused
     */
    UntrustedChainException(String message, List<X509Certificate> presented, List<X509Certificate> anchors, List<Pin> pins, Throwable cause) {
        super(message, cause);
        this.presented = List.copyOf(presented);
        this.anchors = List.copyOf(anchors);
        this.pins = pins == null ? null : List.copyOf(pins);
    }

    /** The chain the server presented, leaf first. */
    public List<X509Certificate> presented() {
        return presented;
    }

    /** The trusted CAs, not sent by the server, that issued its chain and were matched against the pins too. */
    public List<X509Certificate> anchors() {
        return anchors;
    }

    /** Whether the chain was valid but matched none of the pins. */
    public boolean pinMismatch() {
        return pins != null;
    }

    /** The pins that matched nothing; empty unless {@link #pinMismatch()}. */
    public List<Pin> pins() {
        return pins == null ? List.of() : pins;
    }
}
