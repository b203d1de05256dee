package org.fleetagent.install;

/**
 * The systemd unit of the agent service: the real agent's unit (its restart policy, kill mode, environment file)
 * with {@code Type=notify}, because the daemon tells systemd when its control socket is up.
 */
public final class SystemdUnit {
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
        b.append("StartLimitIntervalSec=5\n");
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
        b.append("RestartSec=120\n");
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
