package org.fleetagent.errors;

/**
 * The one exit-code table of the command line (design.md, "Exit codes and messages"). Scripts branch on
 * these numbers, so they never change meaning.
 */
public enum ExitCode {
    /** The command did what it was asked. */
    OK(0),
    /** Any failure that has no more specific code. */
    FAILURE(1),
    /** The input is wrong: unknown flag, bad value (flag or environment), missing argument, a key's wrong passphrase. */
    USAGE(2),
    /** A peer cannot be reached: DNS, TCP connect, or a proxy hop. */
    UNREACHABLE(3),
    /** A TLS handshake or certificate check failed. */
    TLS(4),
    /** A peer rejected the credentials (HTTP 401/403, a token Fleet or Kibana refuses). */
    CREDENTIALS(5),
    /** The host is already in the state the command would create (already installed or enrolled). */
    CONFLICT(6),
    /** A deadline given by the user (or its default) passed. */
    TIMED_OUT(7);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The process exit status. */
    public int code() {
        return code;
    }
}
