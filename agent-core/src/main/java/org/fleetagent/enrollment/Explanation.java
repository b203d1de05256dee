package org.fleetagent.enrollment;

import java.util.List;

/**
 * What {@code inspect --explain} shows: for each place the agent connects to, the effective settings and, for each,
 * where it came from and the rule that made it win.
 *
 * @param policy       the last applied policy ({@code id revision N}), or "" before the first one
 * @param destinations Fleet, each output of the policy, artifact downloads
 */
public record Explanation(String policy, List<Destination> destinations) {
    public Explanation {
        destinations = List.copyOf(destinations);
    }

    /**
     * One place the agent connects to.
     *
     * @param name     {@code fleet}, {@code output default}, {@code downloads}
     * @param settings its URL, proxy, proxy headers, CAs, pins, client certificate and verification mode
     */
    public record Destination(String name, List<Setting> settings) {
        public Destination {
            settings = List.copyOf(settings);
        }
    }

    /**
     * One effective setting.
     *
     * @param name   {@code url}, {@code proxy}, {@code proxy_headers}, {@code certificate_authorities}, {@code ca_sha256},
     *               {@code client_certificate}, {@code verification_mode}
     * @param value  the value in force, as the agent uses it ({@code (none)} when unset; header values redacted)
     * @param source where it came from: {@code flag --x}, {@code env X}, {@code policy revision N}, {@code default}
     * @param rule   why this value won over the others
     */
    public record Setting(String name, String value, String source, String rule) {
    }
}
