package org.fleetagent.platform;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** The few POSIX calls the JDK does not offer, through JNA. */
public final class Posix {
    private interface C extends Library {
        int geteuid();
    }

    /** libc, bound the first time a call needs it (the holder's class initialisation), so other commands never load JNA. */
    private static final class Libc {
        static final C C = Native.load("c", Posix.C.class);
    }

    private Posix() {
    }

    /** The effective user id of this process (0 for root). */
    public static int geteuid() {
        return Libc.C.geteuid();
    }
}
