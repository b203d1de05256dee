package org.fleetagent.tls;

import java.nio.file.Path;
import java.util.List;

/** PLACEHOLDER until the transport branch lands. */
public record TlsSettings(List<String> certificateAuthorities, List<String> caSha256, VerificationMode verificationMode,
                          String certificate, String key, Path keyPassphrasePath) {
}
