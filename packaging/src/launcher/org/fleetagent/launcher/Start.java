package org.fleetagent.launcher;

/**
 * The distribution's entry point (lib/elastic-agent.jar): compiled for Java 8 so that any runtime can load it, it
 * checks the runtime's version before the agent's classes (Java 21 class files) are loaded, and names the runtime
 * in one line instead of letting an old one fail with an UnsupportedClassVersionError stack trace. The bundled
 * runtime always passes; an old one can only come from ELASTIC_AGENT_JAVA.
 */
public final class Start {
    static final int REQUIRED = 21;

    private Start() {
    }

    public static void main(String[] args) throws Exception {
        int feature = feature(System.getProperty("java.specification.version", "0"));
        if (feature < REQUIRED) {
            System.err.println("Error: the Java runtime " + System.getProperty("java.home") + " is version "
                    + System.getProperty("java.version") + "; elastic-agent needs Java " + REQUIRED
                    + " or newer: unset ELASTIC_AGENT_JAVA to use the bundled runtime, or point it at a newer java");
            System.exit(1);
        }
        org.fleetagent.cli.Main.main(args);
    }

    /** "1.8" is 8, "17" is 17. */
    static int feature(String specification) {
        String s = specification.startsWith("1.") ? specification.substring(2) : specification;
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(s.substring(0, end));
    }
}
