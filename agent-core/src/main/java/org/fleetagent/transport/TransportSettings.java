package org.fleetagent.transport;

import java.time.Duration;
import org.fleetagent.tls.TlsSettings;

/** PLACEHOLDER until the transport branch lands. */
public record TransportSettings(TlsSettings tls, ProxySettings proxy, Duration timeout, Duration connectTimeout) {
}
