package org.fleetagent.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;

/** Runs the host's administration tools (systemctl, groupadd, useradd, getent, ...) and reports their output on failure. */
final class SystemCommands {
    private SystemCommands() {
    }

    /** The result of a tool. */
    record Result(int exit, String output) {
    }

    /** Runs {@code command}; never throws for a non-zero exit. */
    static Result run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out after 60 s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    /** Runs {@code command} and fails with its output when it exits non-zero. */
    static String check(List<String> command, String what) {
        Result r = run(command);
        if (r.exit() != 0) {
            throw new AgentException(ExitCode.FAILURE, what + " failed: '" + String.join(" ", command) + "' exited "
                    + r.exit() + (r.output().isEmpty() ? "" : ": " + lastLine(r.output())));
        }
        return r.output();
    }

    private static String lastLine(String s) {
        String[] lines = s.split("\n");
        return lines[lines.length - 1];
    }
}
