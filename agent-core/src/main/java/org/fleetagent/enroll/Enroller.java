package org.fleetagent.enroll;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import org.fleetagent.config.GoDuration;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.fleet.EcsMetadata;
import org.fleetagent.fleet.EnrollRequest;
import org.fleetagent.fleet.EnrollResponse;
import org.fleetagent.fleet.FleetApiException;
import org.fleetagent.fleet.ReplyTooLargeException;
import org.fleetagent.fleet.FleetClient;
import org.fleetagent.platform.HostInfo;
import org.fleetagent.retry.Backoff;
import org.fleetagent.retry.FullJitter;
import org.fleetagent.store.CarriedSettings;
import org.fleetagent.transport.TransportErrors;
import org.fleetagent.version.AgentVersion;

/**
 * Enrolls into a remote Fleet Server and commits the result.
 *
 * <p>Retry policy, stricter than the real agent's: causes that can pass (connection refused, timeouts, HTTP 429,
 * 5xx) are retried with equal-jitter exponential backoff from 5 s up to 10 min, honouring {@code Retry-After},
 * until {@code --enroll-timeout} (then exit 7; at once when a {@code Retry-After} lies past it). A 429 is a server that is up but rationing: its {@code Retry-After} is
 * waited exactly, and without one (Fleet Server's limiter sends none) the wait is {@link FullJitter}, so a herd of
 * agents refused together spreads over the limiter's pace instead of coming back in lockstep. Causes that retrying cannot fix fail at once with the fix in the
 * message: a rejected token (401/403, exit 5), a replace conflict (exit 6), a bad request (400), a TLS failure
 * (exit 4) and a host name that does not resolve (exit 3), unless the {@link EnrollRetry} policy is
 * {@link EnrollRetry#ORCHESTRATED}: a container's Fleet Server may not be in DNS yet. All attempts of one run share one
 * {@code enrollment_id}, so a retry after a lost reply does not leave a duplicate agent in Fleet.
 *
 * <p>Nothing is written before Fleet accepted the enrollment; the commit is then one transaction of the store.
 */
public record Enroller(FleetClient client, Commit commit, EnrollProgress progress, Clock clock, RandomGenerator random,
                       HostInfo host, AgentVersion version, EnrollRetry retry) {
    /** Writes the enrolled configuration; must leave the host as before when it fails. */
    @FunctionalInterface
    public interface Commit {
        void save(Map<String, Object> document);
    }

    /** Below this much time before the deadline another attempt cannot finish: the timeout is reported instead. */
    private static final Duration LEAST_BUDGET = Duration.ofMillis(50);

    /**
     * @param persistent settings carried over from {@code elastic-agent.yml} (see {@link EnrolledConfig})
     */
    public EnrollResult enroll(EnrollOptions o, CarriedSettings persistent) {
        return enroll(o, persistent, o.replaceToken());
    }

    /**
     * @param persistent        settings carried over from {@code elastic-agent.yml} (see {@link EnrolledConfig})
     * @param givenReplaceToken the replace token the operator gave, or empty: only that one is hashed into fleet.enc, as
     *                          the real agent does (a container compares it with {@code FLEET_REPLACE_TOKEN}); one this
     *                          run made up is kept encrypted, not hashed
     */
    public EnrollResult enroll(EnrollOptions o, CarriedSettings persistent, String givenReplaceToken) {
        EnrollmentTokens.check(o.enrollmentToken());
        client.ignoredHeaders().forEach(h -> progress.warn("--header " + h + " is ignored: it would replace the "
                + h + " header that Fleet Server needs to accept the agent"));
        // every enrollment carries a replace token (generated when --replace-token is not given) that fleet.enc keeps
        // encrypted: a reinstall can then enroll again under the same agent id instead of leaving a duplicate in Fleet
        String replaceToken = o.replaceToken() == null || o.replaceToken().isEmpty() ? newReplaceToken() : o.replaceToken();
        EnrollRequest request = new EnrollRequest(o.agentId(), replaceToken, UUID.randomUUID().toString(),
                EcsMetadata.local(host, version, o.agentId(), "info"), o.tags());
        // the token hashes depend only on the options: compute them while the request is in flight
        CompletableFuture<EnrolledConfig.TokenHashes> hashes = CompletableFuture.supplyAsync(
                () -> EnrolledConfig.TokenHashes.of(o.enrollmentToken(), givenReplaceToken));
        Backoff backoff = retry.backoff(random);
        FullJitter throttled = retry.throttled(random);
        String target = o.url().toString();
        // the deadline counts from the first attempt, so that the first attempt always runs and leaves a cause
        Instant deadline = o.enrollTimeout().isNegative() || o.enrollTimeout().isZero()
                ? null : clock.instant().plus(o.enrollTimeout());
        int attempt = 0;
        String lastCause = null;
        while (true) {
            attempt++;
            Duration callBudget = deadline == null ? EnrolledConfig.FLEET_TIMEOUT : Duration.between(clock.instant(), deadline);
            if (attempt > 1 && callBudget.compareTo(LEAST_BUDGET) <= 0) {
                throw timedOut(o, lastCause); // a wait that ended a hair before the deadline: no attempt left, the cause stays
            }
            progress.attempting(attempt, target);
            String cause;
            Duration retryAfter = null;
            int status = 0;
            boolean rationed = false;
            try {
                EnrollResponse response = client.enroll(o.enrollmentToken(), request, callBudget);
                Map<String, Object> doc = EnrolledConfig.build(o, response, persistent, version, hashes.join());
                EnrolledConfig.keepReplaceToken(doc, replaceToken);
                commit.save(doc);
                return new EnrollResult(response.agentId(), response.policyId(), attempt);
            } catch (FleetApiException e) {
                failIfPermanent(e, o);
                cause = "Fleet Server answered " + e.getMessage();
                retryAfter = e.retryAfter().orElse(null);
                status = e.status();
                rationed = status == 429;
            } catch (InterruptedIOException e) {
                // classified like any transport failure: a timeout before a proxy opened the tunnel is the proxy's
                cause = TransportErrors.classify(e, target, o.transport()).getMessage();
                if (deadline != null && !clock.instant().isBefore(deadline)) {
                    // an attempt cut short by the deadline tells less than the one before it, which ran its course
                    throw timedOut(o, lastCause != null ? lastCause : cause);
                }
            } catch (ReplyTooLargeException e) {
                throw new AgentException(ExitCode.FAILURE, e.getMessage() + "; nothing was written", e);
            } catch (IOException e) {
                AgentException classified = TransportErrors.classify(e, target, o.transport());
                Optional<String> unresolved = TransportErrors.unresolvedHost(e);
                if (unresolved.isPresent() && retry.unresolvedHostCanHeal()) {
                    // an orchestrator publishes a service's name once it runs: not a typo to report
                    cause = "cannot resolve " + (unresolved.get().isEmpty() ? o.url().getHost() : unresolved.get()) + ": not in DNS (yet)";
                } else if (TransportErrors.isRetryable(e)) {
                    cause = classified.getMessage();
                } else {
                    throw classified;
                }
            }
            lastCause = cause;
            Duration wait = nextWait(rationed, retryAfter, backoff, throttled);
            Duration remaining = deadline == null ? null : Duration.between(clock.instant(), deadline);
            if (remaining != null) {
                if (remaining.compareTo(LEAST_BUDGET) <= 0) {
                    throw timedOut(o, cause);
                }
                if (retryAfter != null && retryAfter.compareTo(remaining) > 0) {
                    // the server's own word that no attempt before the deadline will pass: waiting it out only delays the news
                    throw askedToWaitPastDeadline(o, status, retryAfter);
                }
            }
            boolean last = remaining != null && wait.compareTo(remaining) >= 0;
            if (last) {
                // one last attempt right at the deadline is pointless; wait it out and report the timeout, whose line
                // names the cause, without announcing a retry that will not come
                wait = remaining;
            } else {
                progress.retrying(attempt, cause, wait, remaining);
            }
            try {
                progress.await(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AgentException(ExitCode.FAILURE, "enrollment interrupted; nothing was written");
            }
            if (deadline != null && !clock.instant().isBefore(deadline)) {
                throw timedOut(o, cause);
            }
        }
    }

    /** A rationing server's own word when it gives one; else full jitter for a 429, the outage backoff for the rest. */
    private static Duration nextWait(boolean rationed, Duration retryAfter, Backoff backoff, FullJitter throttled) {
        if (rationed) {
            return retryAfter != null ? retryAfter : throttled.next();
        }
        Duration wait = backoff.next();
        return retryAfter != null && retryAfter.compareTo(wait) > 0 ? retryAfter : wait;
    }

    private static AgentException askedToWaitPastDeadline(EnrollOptions o, int status, Duration retryAfter) {
        return new AgentException(ExitCode.TIMED_OUT, "Fleet Server at " + o.url() + " answered HTTP " + status + " and asked to wait "
                + retryAfter.toSeconds() + "s (Retry-After), beyond --enroll-timeout " + GoDuration.human(o.enrollTimeout())
                + ". Nothing was written; raise --enroll-timeout past it, or run enroll again later");
    }

    private static AgentException timedOut(EnrollOptions o, String lastCause) {
        return new AgentException(ExitCode.TIMED_OUT, "enrollment into " + o.url() + " timed out after "
                + GoDuration.human(o.enrollTimeout()) + (lastCause == null ? "" : "; last error: " + lastCause)
                + ". Nothing was written; raise --enroll-timeout or fix the cause and run enroll again");
    }

    private static void failIfPermanent(FleetApiException e, EnrollOptions o) {
        int s = e.status();
        String what = "Fleet Server at " + o.url() + " " + e.getMessage();
        if (s == 401) {
            throw new AgentException(ExitCode.CREDENTIALS, "the enrollment token was rejected (" + what
                    + "): it is wrong, revoked or from another cluster; create or copy a token in Kibana > Fleet > Enrollment tokens");
        }
        if (s == 403 && "AgentNotReplaceable".equals(e.errorType())) {
            throw new AgentNotReplaceableException("an agent with id " + o.agentId()
                    + " is already enrolled and cannot be replaced (" + what + "): pass its --replace-token, or enroll without --id");
        }
        if (s == 403) {
            throw new AgentException(ExitCode.CREDENTIALS, "Fleet Server refused the enrollment (" + what
                    + "): check the enrollment token and that it belongs to this Fleet");
        }
        if (s == 400 && ("ErrMalformedToken".equals(e.errorType()) || "ErrMalformedHeader".equals(e.errorType()))) {
            throw new AgentException(ExitCode.CREDENTIALS, "the enrollment token is malformed (" + what
                    + "): copy it again from Kibana > Fleet > Enrollment tokens");
        }
        if (s == 500 && e.serverMessage().contains("hit count mismatch")) {
            throw new AgentException(ExitCode.CREDENTIALS, "the enrollment token is not active in Fleet (" + what
                    + "): it was revoked or its policy deleted; create a new token in Kibana > Fleet > Enrollment tokens");
        }
        if (s == 408 || s == 429 || s >= 500) {
            return;
        }
        throw new AgentException(ExitCode.FAILURE, "Fleet Server rejected the enrollment (" + what + ")");
    }

    private String newReplaceToken() {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
