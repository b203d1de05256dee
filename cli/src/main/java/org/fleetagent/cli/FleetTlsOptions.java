package org.fleetagent.cli;

import java.util.ArrayList;
import java.util.List;
import org.fleetagent.tls.Pin;
import org.fleetagent.tls.VerificationMode;
import picocli.CommandLine.Option;

/** How the agent checks Fleet Server's certificate: CAs, pins, {@code --insecure}, {@code --verification-mode}. */
public final class FleetTlsOptions {
    @Option(names = {"-a", "--certificate-authorities"}, order = 8, split = ",", paramLabel = "<path>",
            description = "Comma-separated list of root certificates for server verification used for enrollment.")
    List<String> certificateAuthorities = new ArrayList<>();

    @Option(names = {"-p", "--ca-sha256"}, order = 9, split = ",", paramLabel = "<pin>",
            description = "Comma-separated list of certificate authority hash pins for server verification used for enrollment.")
    List<String> caSha256 = new ArrayList<>();

    @Option(names = {"-i", "--insecure"}, order = 10,
            description = "Allow insecure connection made by the Agent. It's also required to use a Fleet Server on a HTTP endpoint.")
    boolean insecure;

    // between them in the help stand the client certificate's flags (ClientCertOptions, order 11-13), as in the real agent
    @Option(names = "--verification-mode", order = 14, paramLabel = "<mode>",
            description = "How Fleet Server's certificate is checked: full (default: chain and host name), strict, certificate (chain only) or none (as --insecure).")
    String verificationMode;

    void validateFiles(Usage u) {
        FlagValues.requireAbsoluteOrPem(u, "--certificate-authorities", certificateAuthorities);
    }

    void validateMode(Usage u) {
        if (verificationMode == null) {
            return;
        }
        VerificationMode m;
        try {
            m = VerificationMode.parse(verificationMode);
        } catch (IllegalArgumentException e) {
            throw u.error("--verification-mode " + e.getMessage().replace("verification mode ", ""));
        }
        if (insecure && m != VerificationMode.NONE) {
            throw u.error("--insecure turns verification off; it contradicts --verification-mode " + verificationMode);
        }
    }

    /** Pins are read in any form; they need verification: with --insecure the real agent checks no certificate, so it ignores them. */
    void validatePins(Usage u) {
        pins(u);
        if (!caSha256.isEmpty() && insecure) {
            u.note("Warning: --insecure wins: --ca-sha256 is ignored, as no certificate is verified");
        }
    }

    /** The pins of {@code --ca-sha256} in effect, read from whichever form each was given in: none when verification is off. */
    List<Pin> pins(Usage u) {
        if (insecure) {
            return List.of();
        }
        List<Pin> pins = new ArrayList<>();
        for (String p : caSha256) {
            try {
                pins.add(Pin.parse(p));
            } catch (IllegalArgumentException e) {
                throw u.error("--ca-sha256 " + e.getMessage());
            }
        }
        return List.copyOf(pins);
    }

    /** The verification mode: none with --insecure, else --verification-mode, else full. */
    VerificationMode mode() {
        if (insecure) {
            return VerificationMode.NONE;
        }
        return verificationMode == null ? VerificationMode.FULL : VerificationMode.parse(verificationMode);
    }
}
