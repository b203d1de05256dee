package org.fleetagent.fuzz;

import java.util.List;

/**
 * A parser under fuzz: valid seeds to mutate, the code that reads one input, and the failure types its callers
 * expect (its documented errors). Anything else thrown is a finding.
 */
public record FuzzTarget(String name, List<byte[]> seeds, Body body, List<Class<? extends Throwable>> documented) {
    /** Reads one input the way the agent does; may throw only {@link #documented} types. */
    @FunctionalInterface
    public interface Body {
        void run(byte[] input) throws Exception;
    }

    /** Runs {@code input}; throws an {@link AssertionError} carrying the escaped exception when it is undocumented. */
    public void check(byte[] input) {
        try {
            body.run(input);
        } catch (Throwable t) {
            for (Class<? extends Throwable> ok : documented) {
                if (ok.isInstance(t)) {
                    return;
                }
            }
            throw new AssertionError(name + ": " + t + " escaped for input " + preview(input), t);
        }
    }

    static String preview(byte[] input) {
        StringBuilder b = new StringBuilder().append(input.length).append(" bytes: ");
        for (int i = 0; i < Math.min(input.length, 160); i++) {
            int c = input[i] & 0xFF;
            b.append(c >= 0x20 && c < 0x7F && c != '\\' ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return input.length > 160 ? b.append("...").toString() : b.toString();
    }
}
