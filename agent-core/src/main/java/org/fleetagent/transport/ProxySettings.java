package org.fleetagent.transport;

import java.net.URI;
import java.util.Map;
import org.fleetagent.tls.TlsSettings;

/** PLACEHOLDER until the transport branch lands. */
public record ProxySettings(URI url, Map<String, String> headers, boolean disabled, TlsSettings proxyTls) {
}
