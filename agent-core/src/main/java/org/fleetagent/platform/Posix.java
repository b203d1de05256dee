package org.fleetagent.platform;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** The few POSIX calls the JDK does not offer, through JNA. */
public final class Posix {
    private interface C extends Library {
        int geteuid();
    }

    private static volatile C c;

    private Posix() {
    }

    /** The effective user id of this process (0 for root). */
    public static int geteuid() {
        if (c == null) {
            c = Native.load("c", C.class);
        }
        return c.geteuid();
    }
}
