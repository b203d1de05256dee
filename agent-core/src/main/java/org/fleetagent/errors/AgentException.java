package org.fleetagent.errors;

/**
 * The one typed failure of the agent. Its message is the single line printed to the user: it names the cause
 * and, where there is one, the fix. The exit code says to scripts which class of failure it was.
 */
public class AgentException extends RuntimeException {
    private final ExitCode exitCode;

    public AgentException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public AgentException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    public static AgentException usage(String message) {
        return new AgentException(ExitCode.USAGE, message);
    }

    public static AgentException failure(String message, Throwable cause) {
        return new AgentException(ExitCode.FAILURE, message, cause);
    }
}
