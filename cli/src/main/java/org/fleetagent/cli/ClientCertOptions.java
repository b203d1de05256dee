package org.fleetagent.cli;

import static org.fleetagent.cli.FlagValues.listOf;

import java.util.List;
import org.fleetagent.tls.Pin;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.tls.VerificationMode;
import picocli.CommandLine.Option;

/** The agent's own certificate for mutual TLS with Fleet Server (and, by default, with a TLS proxy). */
public final class ClientCertOptions {
    @Option(names = "--elastic-agent-cert", order = 11, paramLabel = "<path>",
            description = "Elastic Agent certificate to use with Fleet Server during mTLS authentication.")
    String cert;

    @Option(names = "--elastic-agent-cert-key", order = 12, paramLabel = "<path>",
            description = "Elastic Agent certificate key to use with Fleet Server during mTLS authentication.")
    String key;

    @Option(names = "--elastic-agent-cert-key-passphrase", order = 13, paramLabel = "<path>",
            description = "Path to a file containing a passphrase for the Elastic Agent certificate key.")
    String keyPassphrase;

    void validateFiles(Usage u) {
        FlagValues.requireAbsoluteOrPem(u, "--elastic-agent-cert", listOf(cert));
        FlagValues.requireAbsoluteOrPem(u, "--elastic-agent-cert-key", listOf(key));
        FlagValues.requireAbsolute(u, "--elastic-agent-cert-key-passphrase", keyPassphrase);
    }

    void validatePairs(Usage u) {
        FlagValues.requirePair(u, "--elastic-agent-cert", cert, "--elastic-agent-cert-key", key);
        if (keyPassphrase != null && cert == null) {
            throw u.error("--elastic-agent-cert-key-passphrase needs --elastic-agent-cert and --elastic-agent-cert-key");
        }
    }

    /** The TLS settings to Fleet: these client credentials with the given trust. */
    TlsSettings tls(List<String> cas, List<Pin> pins, VerificationMode mode) {
        return new TlsSettings(cas, pins, mode, cert, key, FlagValues.pathOrNull(keyPassphrase));
    }
}
