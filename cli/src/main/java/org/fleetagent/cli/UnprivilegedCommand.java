package org.fleetagent.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code elastic-agent unprivileged}: the installed agent's service runs as a service user. */
@Command(name = "unprivileged", sortOptions = false,
        customSynopsis = "elastic-agent unprivileged [-f] [--user <user>] [--group <group>] [--daemon-timeout <duration>]",
        description = {
                "Switch installed Elastic Agent to run as unprivileged.",
                "",
                """
                Converts the installed Elastic Agent from running as root to running as a
                service user (elastic-agent-user, group elastic-agent, created when
                missing): stops it, gives the user the install directory and its vault (no
                access for other users), sets User= and Group= in the systemd unit and
                starts it again, even if it was stopped. Asks first unless -f is given (the
                answer is read from standard input). Not a zero-downtime operation. Needs
                root.

                Exit codes: 0 switched, 1 failure (not root, not installed, cancelled, the
                service did not come back), 2 bad flags or a bad user or group name.
                """})
public final class UnprivilegedCommand extends ContextCommand {
    @Mixin
    ServiceUserSwitchRun switcher;

    @Option(names = "--user", order = 3, paramLabel = "<user>", description = "Custom user used to run Elastic Agent (default: elastic-agent-user).")
    String user;

    @Option(names = "--group", order = 4, paramLabel = "<group>", description = "Custom group used to access Elastic Agent files (default: elastic-agent).")
    String group;

    @Override
    public Integer call() throws Exception {
        return switcher.run(ctx, user, group);
    }
}
