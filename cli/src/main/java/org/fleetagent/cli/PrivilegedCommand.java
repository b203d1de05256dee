package org.fleetagent.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code elastic-agent privileged}: the installed agent's service runs as root again. */
@Command(name = "privileged", sortOptions = false,
        customSynopsis = "elastic-agent privileged [-f] [--daemon-timeout <duration>]",
        description = {
                "Switch installed Elastic Agent to run as privileged.",
                "",
                """
                Converts the installed Elastic Agent from running unprivileged to running
                as root: stops it, gives root the install directory and its vault (no
                access for other users), takes User= and Group= out of the systemd unit and
                starts it again, even if it was stopped. Asks first unless -f is given (the
                answer is read from standard input). Not a zero-downtime operation. Needs
                root.

                Exit codes: 0 switched, 1 failure (not root, not installed, cancelled, the
                service did not come back), 2 bad flags.
                """})
public final class PrivilegedCommand extends ContextCommand {
    @Mixin
    ServiceUserSwitchRun switcher;

    @Override
    public Integer call() throws Exception {
        return switcher.run(ctx, null, null);
    }
}
