package org.fleetagent.enroll;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.fleetagent.store.SettingOrigins;
import org.fleetagent.transport.TransportSettings;

/**
 * Everything an enrollment into a remote Fleet Server needs, validated by the command line.
 *
 * @param url                  the Fleet Server URL ({@code --url})
 * @param enrollmentToken      the enrollment token ({@code --enrollment-token}); a secret
 * @param agentId              the agent id to request ({@code --id}), or empty
 * @param replaceToken         the replace token ({@code --replace-token}), or empty; a secret
 * @param tags                 user tags, trimmed, de-duplicated, without empties
 * @param headers              headers for every request to Fleet ({@code --header})
 * @param transport            TLS and proxy settings of the connection to Fleet
 * @param insecure             whether {@code --insecure} was given (TLS verification off, {@code http://} allowed)
 * @param enrollTimeout        the deadline of the whole enrollment; negative means none
 * @param stagingHash          the {@code --staging} build hash, or empty
 * @param checkinOnStateChange the hidden {@code --checkin-on-state-change}
 * @param origins              which flag or environment variable gave each connection setting
 */
public record EnrollOptions(URI url, String enrollmentToken, String agentId, String replaceToken, List<String> tags,
                            Map<String, String> headers, TransportSettings transport, boolean insecure,
                            Duration enrollTimeout, String stagingHash, boolean checkinOnStateChange, SettingOrigins origins) {

    public EnrollOptions {
        origins = origins == null ? SettingOrigins.NONE : origins;
    }

    /** Options whose settings' origins are not known (tests, a delayed enrollment, the bootstrap's local one). */
    public EnrollOptions(URI url, String enrollmentToken, String agentId, String replaceToken, List<String> tags,
                         Map<String, String> headers, TransportSettings transport, boolean insecure,
                         Duration enrollTimeout, String stagingHash, boolean checkinOnStateChange) {
        this(url, enrollmentToken, agentId, replaceToken, tags, headers, transport, insecure, enrollTimeout, stagingHash,
                checkinOnStateChange, SettingOrigins.NONE);
    }

    @Override
    public String toString() {
        // never print secrets, even in a debugger or a stack trace
        return "EnrollOptions[url=" + url + ", agentId=" + agentId + ", tags=" + tags + ", enrollTimeout=" + enrollTimeout + "]";
    }
}
