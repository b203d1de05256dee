package org.fleetagent.cli;

import java.io.PrintWriter;
import java.time.Duration;
import org.fleetagent.config.GoDuration;
import org.fleetagent.enrollment.EnrollInteraction;

/**
 * Shows the enroller's progress on standard error: one line per failed attempt with its cause, the wait and what
 * is left of the deadline, and on a terminal a countdown that updates every second; there, it also asks before an
 * enrollment is replaced.
 */
final class ConsoleProgress implements EnrollInteraction {
    private final PrintWriter err;
    private final boolean terminal;
    private final String prefix;
    private final String deadline;

    ConsoleProgress(PrintWriter err, boolean terminal) {
        this(err, terminal, "", "--enroll-timeout");
    }

    /**
     * @param prefix   put before each retry line (the container's {@code "container: "})
     * @param deadline what sets the enrollment's deadline, as the user wrote it ({@code --enroll-timeout}, {@code FLEET_ENROLL_TIMEOUT})
     */
    ConsoleProgress(PrintWriter err, boolean terminal, String prefix, String deadline) {
        this.err = err;
        this.terminal = terminal;
        this.prefix = prefix;
        this.deadline = deadline;
    }

    @Override
    public void retrying(int attempt, String cause, Duration wait, Duration remaining) {
        // one line per attempt: a container's log is read line by line, often by a collector that splits on newlines
        line(prefix + "Enrollment attempt " + attempt + " failed: " + cause.replaceAll("\\s*\\R\\s*", " ") + "; retrying in " + GoDuration.human(wait)
                + (remaining == null ? " (no " + deadline + ")" : " (" + GoDuration.human(remaining) + " left of " + deadline + ")"));
    }

    @Override
    public void await(Duration wait) throws InterruptedException {
        if (!terminal) {
            Thread.sleep(wait.toMillis());
            return;
        }
        long end = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                break;
            }
            err.print("\r  next attempt in " + (left + 999_999_999L) / 1_000_000_000L + "s   ");
            err.flush();
            Thread.sleep(Math.min(1000, left / 1_000_000 + 1));
        }
        err.print("\r                              \r");
        err.flush();
    }

    @Override
    public void step(String step) {
        line("Fleet Server bootstrap: " + step);
    }

    @Override
    public void component(String state, String message, long elapsedMs) {
        // the real server's message already ends "(expected during bootstrap process)"; say it only when it does not
        String expected = message.contains("missing config fleet.agent.id") && !message.contains("expected") ? " (expected during the bootstrap)"
                : state.equals("FAILED") ? " (fleet-server retries by itself; waiting up to --fleet-server-timeout)" : "";
        line("  fleet-server: " + message + expected + " [" + GoDuration.human(Duration.ofMillis(elapsedMs)) + "]");
    }

    @Override
    public void done(String what, long elapsedMs) {
        line("  " + what + " [" + GoDuration.human(Duration.ofMillis(elapsedMs)) + "]");
    }

    @Override
    public void warn(String message) {
        line("Warning: " + message);
    }

    @Override
    public boolean canAsk() {
        return terminal;
    }

    @Override
    public boolean confirmReplace() {
        err.print("This will replace your current settings. Do you want to continue? [Y/n]: ");
        err.flush();
        java.io.Console console = System.console();
        String line = console == null ? null : console.readLine();
        return line == null || line.isBlank() || line.trim().toLowerCase(java.util.Locale.ROOT).startsWith("y");
    }

    private void line(String text) {
        err.println(text);
        err.flush();
    }
}
