package org.fleetagent.cli;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.fleetagent.enroll.EnrollOptions;
import org.fleetagent.enroll.EnrollRetry;
import org.fleetagent.enrollment.EnrollmentSettings;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.tls.VerificationMode;
import org.fleetagent.transport.ProxySettings;
import org.fleetagent.transport.TransportSettings;
import picocli.CommandLine.Mixin;

/**
 * The enroll flags shared by {@code enroll} and {@code install} (and filled from the environment by
 * {@code container}): the real agent's complete set with the same long and short names, defaults and validation
 * (reference/elastic-agent.md §1.1), as one group per concern. Each group checks its own flags; the checks that
 * span groups are here. The help lists the flags in the real agent's order, which interleaves the groups: each
 * option carries its place ({@code order}), the command's own flags come after them and the global flags last.
 */
public final class EnrollFlags {
    @Mixin
    FleetTargetOptions target = new FleetTargetOptions();

    @Mixin
    FleetTlsOptions tls = new FleetTlsOptions();

    @Mixin
    ClientCertOptions clientCert = new ClientCertOptions();

    @Mixin
    ProxyOptions proxy = new ProxyOptions();

    @Mixin
    EnrollBehaviourOptions behaviour = new EnrollBehaviourOptions();

    @Mixin
    FleetServerBootstrapOptions fleetServer = new FleetServerBootstrapOptions();

    /** Which settings the container took from its environment (empty for enroll and install). */
    final EnrollOrigins origins = new EnrollOrigins();

    boolean bootstrapsFleetServer() {
        return fleetServer.requested();
    }

    /**
     * The real agent's validation ({@code validateEnrollFlags} and {@code doEnroll}), and the checks it lacked.
     * Each problem is one usage error naming the flag and the fix.
     *
     * @param requireFleet false for install, where no --url and no token means a standalone install
     */
    void validate(Usage u, Map<String, String> env, boolean requireFleet) {
        tls.validateFiles(u);
        fleetServer.validate(u);
        clientCert.validateFiles(u);
        proxy.validateFiles(u);
        tls.validateMode(u);
        clientCert.validatePairs(u);
        target.validate(u);
        if (behaviour.delayEnroll && bootstrapsFleetServer()) {
            throw u.error("--delay-enroll cannot be used with --fleet-server-es: Fleet Server must be bootstrapped at enrollment");
        }
        proxy.validate(u);
        if (bootstrapsFleetServer()) {
            fleetServer.validateBootstrap(u);
            if (fleetServer.insecureHttp && !tls.insecure && fleetServer.cert == null) {
                // the real agent sets --insecure itself: the agent enrolls into its own Fleet Server over plain HTTP
                u.note("Warning: --fleet-server-insecure-http implies --insecure: this agent talks to its Fleet Server over plain HTTP");
            }
            if (fleetServer.cert != null && !target.hasUrl()) {
                throw u.error("--fleet-server-cert needs --url: the URL other agents reach this Fleet Server at, matching the certificate");
            }
            return;
        }
        if (FlagValues.given(fleetServer.policy)) {
            // the real agent ignores it without a word; refusing would break its scripts, so say it once
            u.note("Warning: --fleet-server-policy is ignored without --fleet-server-es: it picks the policy of a Fleet Server"
                    + " this agent bootstraps; drop it, or add --fleet-server-es to bootstrap one");
        }
        if (!requireFleet && !target.hasUrl() && target.token(env).isEmpty()) {
            return;
        }
        URI url = target.fleetUrl(u);
        if ("http".equals(url.getScheme()) && !tls.insecure && tls.mode() != VerificationMode.NONE) {
            throw u.error("--url " + target.url + " is plain HTTP: Fleet traffic would not be encrypted; use an https:// URL, or pass --insecure to accept that");
        }
        if (target.token(env).isEmpty()) {
            throw u.error("an enrollment token is required: pass --enrollment-token <token> or set " + FleetTargetOptions.TOKEN_ENV);
        }
        tls.validatePins(u);
    }

    /** Whether there is anything to enroll into (install without --url, token or bootstrap is standalone). */
    boolean enrolls(Map<String, String> env) {
        return bootstrapsFleetServer() || target.hasUrl() || !target.token(env).isEmpty();
    }

    /** The validated flags as the enrollment service's one input. */
    EnrollmentSettings settings(Usage u, Map<String, String> env, boolean force, boolean reloadDaemon) {
        if (bootstrapsFleetServer()) {
            URI publicUrl = target.hasUrl() ? URI.create(target.url) : null;
            return new EnrollmentSettings(bootstrapEnrollOptions(env), fleetServer.settings(u, tls.certificateAuthorities,
                    target.headers(), proxy, behaviour.fleetServerTimeout, behaviour.daemonTimeout), publicUrl, force, false, false, EnrollRetry.INTERACTIVE);
        }
        return new EnrollmentSettings(remoteEnrollOptions(u, env), null, null, force, behaviour.delayEnroll, reloadDaemon,
                EnrollRetry.INTERACTIVE);
    }

    /** The enrollment part of a bootstrap: the URL is the local Fleet Server's, the token may come from it. */
    private EnrollOptions bootstrapEnrollOptions(Map<String, String> env) {
        TlsSettings local = clientCert.tls(List.of(), List.of(), VerificationMode.CERTIFICATE);
        TransportSettings transport = new TransportSettings(local, new ProxySettings(null, Map.of(), true, null), Duration.ofMinutes(1),
                Duration.ofSeconds(10));
        return new EnrollOptions(URI.create("https://localhost:8221"), target.token(env), FlagValues.nz(target.id),
                FlagValues.nz(target.replaceToken), FlagValues.cleanTags(target.tags), Map.of(), transport, false, behaviour.enrollTimeout,
                FlagValues.nz(target.staging), behaviour.checkinOnStateChange);
    }

    /** The options of a remote enrollment. */
    private EnrollOptions remoteEnrollOptions(Usage u, Map<String, String> env) {
        VerificationMode mode = tls.mode();
        TlsSettings fleetTls = clientCert.tls(List.copyOf(tls.certificateAuthorities), tls.pins(u), mode);
        TransportSettings transport = new TransportSettings(fleetTls, proxy.settings(u, fleetTls), Duration.ofMinutes(10),
                Duration.ofSeconds(30));
        return new EnrollOptions(FlagValues.parseUri(u, "--url", target.url), target.token(env), FlagValues.nz(target.id),
                FlagValues.nz(target.replaceToken), FlagValues.cleanTags(target.tags), target.headers(), transport,
                mode == VerificationMode.NONE, behaviour.enrollTimeout, FlagValues.nz(target.staging), behaviour.checkinOnStateChange,
                origins.of(this));
    }
}
