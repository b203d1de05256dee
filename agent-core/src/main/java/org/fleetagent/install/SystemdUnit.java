package org.fleetagent.install;

/**
 * The systemd unit of the agent service: the real agent's unit (its restart policy, kill mode, environment file)
 * with {@code Type=notify}, because the daemon tells systemd when its control socket is up, and a restart 2 s after a
 * crash instead of 120 s, with crash-loop protection.
 */
public final class SystemdUnit {
    /** Why the restart delay is short and what stops a crash loop (the .deb's unit says the same). */
    static final String CRASH_LOOP_COMMENT = "# Restarted 2 s after a crash (the original's 120 s is a two-minute monitoring gap);"
            + " 10 starts within 5 min is a crash loop: systemd then stops restarting it.\n";

    private SystemdUnit() {
    }

    /**
     * @param user  the service user, or empty to run as root
     * @param group the service group, or empty
     */
    public static String render(InstallLayout layout, String user, String group) {
        StringBuilder b = new StringBuilder();
        b.append("[Unit]\n");
        b.append("Description=Elastic Agent is a unified agent to observe, monitor and protect your system.\n");
        b.append("ConditionFileIsExecutable=").append(layout.wrapper()).append('\n');
        b.append(CRASH_LOOP_COMMENT);
        b.append("StartLimitIntervalSec=300\n");
        b.append("StartLimitBurst=10\n");
        b.append('\n');
        b.append("[Service]\n");
        b.append("Type=notify\n");
        b.append("NotifyAccess=main\n");
        b.append("ExecStart=").append(layout.wrapper()).append(" run\n");
        b.append("WorkingDirectory=").append(layout.top()).append('\n');
        if (user != null && !user.isEmpty()) {
            b.append("User=").append(user).append('\n');
        }
        if (group != null && !group.isEmpty()) {
            b.append("Group=").append(group).append('\n');
        }
        b.append("Restart=always\n");
        b.append("RestartSec=2\n");
        b.append("KillMode=process\n");
        b.append("TimeoutStopSec=30\n");
        b.append("EnvironmentFile=-").append(layout.environmentFile()).append('\n');
        b.append('\n');
        b.append("[Install]\n");
        b.append("WantedBy=multi-user.target\n");
        return b.toString();
    }

    /** The wrapper script on the PATH, as the real agent writes it (arguments quoted, which the original forgets). */
    public static String wrapper(InstallLayout layout) {
        return "#!/bin/sh\nexec " + layout.launcher() + " \"$@\"\n";
    }
}
