package org.fleetagent.fleet;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Fleet Server answered with an error status. Carries what the client needs to decide: the HTTP status, the
 * error type and message of Fleet's {@code {"statusCode","error","message"}} body, and any {@code Retry-After}.
 */
public final class FleetApiException extends IOException {
    private final int status;
    private final String errorType;
    private final String serverMessage;
    private final Duration retryAfter;

    public FleetApiException(int status, String errorType, String serverMessage, Duration retryAfter) {
        super(describe(status, errorType, serverMessage));
        this.status = status;
        this.errorType = errorType;
        this.serverMessage = serverMessage;
        this.retryAfter = retryAfter;
    }

    /** One line in the real agent's words: {@code status code: N, fleet-server returned an error: E, message: M}. */
    static String describe(int status, String errorType, String message) {
        StringBuilder b = new StringBuilder("status code: ").append(status);
        if (errorType != null && !errorType.isEmpty()) {
            b.append(", fleet-server returned an error: ").append(errorType);
        }
        if (message != null && !message.isEmpty()) {
            // a server's text may span lines or be a whole page; the user gets one line
            String line = message.strip().replaceAll("\\s*\\R\\s*", " ");
            b.append(", message: ").append(line.length() > 300 ? line.substring(0, 300) + "..." : line);
        }
        return b.toString();
    }

    public int status() {
        return status;
    }

    /** The {@code error} field of the body, such as {@code ErrUnauthorized} or {@code RateLimit}; may be empty. */
    public String errorType() {
        return errorType == null ? "" : errorType;
    }

    /** The {@code message} field of the body; may be empty. */
    public String serverMessage() {
        return serverMessage == null ? "" : serverMessage;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
