package org.fleetagent.tls;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How long the certificates on the path to Fleet have left, and the warnings due before they run out: one when
 * 30, 7 and 1 days are left, and one when a certificate has expired, each given once per certificate (a check
 * every check-in must not repeat them). The clock is injected so that the thresholds can be tested.
 */
public final class CertificateExpiry {
    /** The CA that verified the Fleet Server's chain. */
    public static final String FLEET_CA = "Fleet CA";
    /** The leaf the Fleet Server sent. */
    public static final String FLEET_SERVER = "Fleet Server certificate";
    /** The agent's own certificate (mTLS). */
    public static final String CLIENT = "client certificate";
    /** Days before the end of validity at which a warning is due, largest first. */
    public static final List<Integer> THRESHOLDS = List.of(30, 7, 1);

    private static final long DAY = 86_400L;

    private final Clock clock;
    /** Per certificate, the smallest threshold already warned of (0 once its expiry was). */
    private final Map<String, Integer> warned = new HashMap<>();

    public CertificateExpiry(Clock clock) {
        this.clock = clock;
    }

    /**
     * A warning due for one certificate.
     *
     * @param threshold the threshold crossed: 30, 7 or 1 days, or 0 once expired
     * @param message   the line to log, naming the certificate, its end and the fix
     */
    public record Warning(int threshold, String message) {
    }

    /** Whole days from {@code now} until {@code notAfter}; negative once expired. */
    public static long daysLeft(Instant notAfter, Instant now) {
        return Math.floorDiv(Duration.between(now, notAfter).toSeconds(), DAY);
    }

    /** Whole days left of {@code c} by this clock. */
    public long daysLeft(X509Certificate c) {
        return daysLeft(c.getNotAfter().toInstant(), clock.instant());
    }

    /**
     * The days left as people read them: {@code 5 days left}, {@code 1 day left}; once expired the whole days since
     * ({@code daysLeft} is rounded down, so -1 is less than a day ago): {@code EXPIRED 2 days ago}.
     */
    public static String phrase(long daysLeft) {
        if (daysLeft >= 0) {
            return daysLeft + (daysLeft == 1 ? " day left" : " days left");
        }
        long ago = -daysLeft - 1;
        return ago == 0 ? "EXPIRED less than a day ago" : "EXPIRED " + ago + (ago == 1 ? " day ago" : " days ago");
    }

    /** The message of the agent's DEGRADED state once a certificate has expired. */
    public static String expiredMessage(String role, String subject, String notAfter) {
        return "the " + role + " \"" + subject + "\" expired on " + notAfter + ": " + fix(role);
    }

    /**
     * The warning due now for the certificate {@code role} holds, if a threshold was crossed since the last one
     * given for it; only the smallest threshold crossed is reported (a certificate first seen 5 days before its
     * end gets the 7-day warning, not the 30-day one too).
     *
     * @param id an identity of the certificate (a rotated certificate gets warnings of its own)
     */
    public synchronized Optional<Warning> due(String role, String id, String subject, Instant notAfter) {
        Duration left = Duration.between(clock.instant(), notAfter);
        int crossed = -1;
        if (left.isNegative()) {
            crossed = 0;
        } else {
            for (int t : THRESHOLDS) {
                if (left.compareTo(Duration.ofDays(t)) <= 0) {
                    crossed = t;
                }
            }
        }
        String key = role + "\n" + id;
        Integer before = warned.get(key);
        if (crossed < 0 || before != null && before <= crossed) {
            return Optional.empty();
        }
        warned.put(key, crossed);
        if (crossed == 0) {
            return Optional.of(new Warning(0, expiredMessage(role, subject, notAfter.toString())));
        }
        return Optional.of(new Warning(crossed, "the " + role + " \"" + subject + "\" expires in less than " + crossed
                + (crossed == 1 ? " day" : " days") + " (on " + notAfter + ", " + phrase(daysLeft(notAfter, clock.instant())) + "): "
                + fix(role)));
    }

    private static String fix(String role) {
        return switch (role) {
            case FLEET_CA -> "renew the CA, the certificates it issued, and pass the new CA with --certificate-authorities";
            case FLEET_SERVER -> "renew the Fleet Server's certificate";
            case CLIENT -> "renew the client certificate and enroll with it (--elastic-agent-cert)";
            default -> "renew it";
        };
    }
}
