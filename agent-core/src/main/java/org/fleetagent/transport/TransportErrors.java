package org.fleetagent.transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;

/** PLACEHOLDER until the transport branch lands. */
public final class TransportErrors {
    private TransportErrors() {
    }

    public static AgentException classify(IOException e, String target, TransportSettings s) {
        if (e instanceof UnknownHostException) {
            return new AgentException(ExitCode.UNREACHABLE, "cannot resolve " + target, e);
        }
        if (e instanceof ConnectException) {
            return new AgentException(ExitCode.UNREACHABLE, "connection refused by " + target, e);
        }
        return new AgentException(ExitCode.FAILURE, e.toString(), e);
    }

    public static boolean isRetryable(IOException e) {
        return e instanceof ConnectException || e instanceof java.net.SocketTimeoutException;
    }
}
