package org.fleetagent.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.fleetagent.component.PrestartedComponents;

/**
 * What a command may reach outside the JVM: its output streams and the environment. Handed in from {@link Main}
 * so that tests run commands in-process with captured streams and a chosen environment.
 *
 * @param out         standard output
 * @param err         standard error
 * @param env         the process environment
 * @param interactive whether a person is at a terminal (progress lines and prompts)
 * @param prestarted  component processes this run started before parsing ({@link EarlyFleetServerStart})
 */
public record CliContext(PrintWriter out, PrintWriter err, Map<String, String> env, boolean interactive, PrestartedComponents prestarted) {

    /** A context with nothing started ahead (tests, generated docs). */
    public CliContext(PrintWriter out, PrintWriter err, Map<String, String> env, boolean interactive) {
        this(out, err, env, interactive, new PrestartedComponents());
    }

    /** The process's own streams (UTF-8 writers over System.out and System.err) and environment. */
    public static CliContext system(PrintWriter out, PrintWriter err, PrestartedComponents prestarted) {
        return new CliContext(out, err, System.getenv(),
                isTerminal(),
                prestarted);
    }

    /** Whether standard input and output are a terminal (Console.isTerminal() on Java 22+, console presence before). */
    private static boolean isTerminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
