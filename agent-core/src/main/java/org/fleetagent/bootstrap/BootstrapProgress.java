package org.fleetagent.bootstrap;

/** What the bootstrap tells the person running it: the step, the component's state, the time spent. */
public interface BootstrapProgress {
    /** A new step started. */
    void step(String step);

    /** The fleet-server component changed state while waiting (with the elapsed time in ms); detail a script may skip. */
    default void component(String state, String message, long elapsedMs) {
    }

    /** A step finished (with the time it took); detail a script may skip. */
    default void done(String what, long elapsedMs) {
    }
}
