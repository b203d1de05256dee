package org.fleetagent.doctor;

import org.fleetagent.errors.ExitCode;

/**
 * One hop of the path to Fleet and what {@code doctor} found there.
 *
 * @param name    the hop: dns, tcp, proxy, tls, client-certificate, fleet; after Fleet, the destination's hops are
 *                prefixed with it ({@code output.default/tls}, {@code downloads/head})
 * @param outcome passed, failed, or not checked (after a failure, or not on this path)
 * @param detail  what was seen, one line
 * @param fix     what to do about a failure, or empty
 * @param code    the exit code of a failure's class; {@link ExitCode#OK} otherwise
 * @param millis  how long the hop took
 */
public record Hop(String name, Outcome outcome, String detail, String fix, ExitCode code, long millis) {
    /** The result of one hop. */
    public enum Outcome { OK, FAILED, SKIPPED }

    static Hop ok(String name, String detail) {
        return new Hop(name, Outcome.OK, detail, "", ExitCode.OK, 0);
    }

    static Hop failed(String name, ExitCode code, String detail, String fix) {
        return new Hop(name, Outcome.FAILED, detail, fix, code, 0);
    }

    static Hop skipped(String name, String detail) {
        return new Hop(name, Outcome.SKIPPED, detail, "", ExitCode.OK, 0);
    }

    Hop named(String other) {
        return new Hop(other, outcome, detail, fix, code, millis);
    }

    Hop took(long ms) {
        return new Hop(name, outcome, detail, fix, code, ms);
    }

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }
}
