package org.fleetagent.install;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the agent is installed at a layout: INSTALLED (the install finished: marker and unit), BROKEN (some of
 * its pieces are there: a top directory without the marker, a wrapper or unit without the top, an interrupted
 * journal), INTERRUPTED (its journal is there and not complete: a killed install), or NOT_INSTALLED.
 *
 * @param kind   which
 * @param detail what was found, for messages
 */
public record InstallStatus(Kind kind, String detail) {

    /** The three states. */
    public enum Kind { NOT_INSTALLED, INSTALLED, BROKEN, INTERRUPTED }

    /** Looks at the host. */
    public static InstallStatus of(InstallLayout layout) {
        if (InstallJournal.interrupted(layout)) {
            // the journal says what the install did: undoing it needs no --force
            return new InstallStatus(Kind.INTERRUPTED, "an install or uninstall of " + layout.top() + " was interrupted");
        }
        boolean top = Files.isDirectory(layout.top(), LinkOption.NOFOLLOW_LINKS);
        boolean marker = Files.exists(layout.marker());
        boolean wrapper = Files.exists(layout.wrapper(), LinkOption.NOFOLLOW_LINKS);
        boolean unit = Files.exists(layout.unit(), LinkOption.NOFOLLOW_LINKS);
        if (top && marker && unit && wrapper) {
            return new InstallStatus(Kind.INSTALLED, "installed at " + layout.top());
        }
        List<String> found = new ArrayList<>();
        if (top) {
            found.add(layout.top() + (marker ? "" : " without its .installed marker"));
        }
        if (wrapper) {
            found.add(layout.wrapper().toString());
        }
        if (unit) {
            found.add(layout.unit().toString());
        }
        if (found.isEmpty()) {
            return new InstallStatus(Kind.NOT_INSTALLED, "not installed");
        }
        List<String> missing = new ArrayList<>();
        if (!top) {
            missing.add(layout.top().toString());
        }
        if (!wrapper) {
            missing.add(layout.wrapper().toString());
        }
        if (!unit) {
            missing.add(layout.unit().toString());
        }
        return new InstallStatus(Kind.BROKEN, "found " + String.join(", ", found)
                + (missing.isEmpty() ? "" : "; missing " + String.join(", ", missing)));
    }
}
