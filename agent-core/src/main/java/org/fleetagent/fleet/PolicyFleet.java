package org.fleetagent.fleet;

import java.util.List;
import java.util.Map;

/**
 * The {@code fleet} section of a policy, as Fleet sends it: where and how the agent should reach Fleet from now on.
 * Components are named like the JSON members so that jackson-jr binds them; an absent member is null.
 */
public record PolicyFleet(List<String> hosts, String proxy_url, Map<String, String> proxy_headers, Boolean proxy_disable,
                          Ssl ssl) {

    /** The TLS settings of the section ({@code fleet.ssl}). */
    public record Ssl(List<String> certificate_authorities, String certificate, String key, String key_passphrase_path,
                      String verification_mode) {
    }
}
