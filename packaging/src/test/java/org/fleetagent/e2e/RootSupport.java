package org.fleetagent.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Assumptions;

/** What the tests that install on the host share: they need root, and say so when skipped. */
final class RootSupport {
    private RootSupport() {
    }

    /** Skips (with the reason printed) unless this runs as root. */
    static void assumeRoot(String test) throws IOException {
        Process p = new ProcessBuilder("id", "-u").start();
        String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!"0".equals(uid)) {
            System.out.println(test + " skipped: installing on the host needs root (this runs as uid " + uid + ")");
        }
        Assumptions.assumeTrue("0".equals(uid), test + " needs root");
    }
}
