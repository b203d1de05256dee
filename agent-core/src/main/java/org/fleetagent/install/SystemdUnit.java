package org.fleetagent.install;

import java.util.ArrayList;
import java.util.List;

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

    /**
     * {@code unit} with the {@code User=} and {@code Group=} of its {@code [Service]} section replaced (removed for
     * an empty name), everything else kept as it is, as the real agent's switch edits only those keys.
     */
    public static String withServiceUser(String unit, String user, String group) {
        List<String> out = new ArrayList<>();
        boolean inService = false;
        int insertAt = -1;
        for (String line : unit.split("\n", -1)) {
            String t = line.strip();
            if (t.startsWith("[")) {
                if (inService && insertAt < 0) {
                    insertAt = endOfSection(out);
                }
                inService = t.equals("[Service]");
            } else if (inService && (t.startsWith("User=") || t.startsWith("Group="))) {
                insertAt = insertAt < 0 ? out.size() : insertAt;
                continue;
            } else if (inService && t.startsWith("WorkingDirectory=") && insertAt < 0) {
                out.add(line);
                insertAt = out.size(); // where render() puts them
                continue;
            }
            out.add(line);
        }
        if (insertAt < 0) {
            insertAt = inService ? endOfSection(out) : out.size();
        }
        List<String> lines = new ArrayList<>();
        if (!user.isEmpty()) {
            lines.add("User=" + user);
        }
        if (!group.isEmpty()) {
            lines.add("Group=" + group);
        }
        out.addAll(insertAt, lines);
        return String.join("\n", out);
    }

    /** The index after the last non-blank line of the section that ends at the end of {@code lines}. */
    private static int endOfSection(List<String> lines) {
        int i = lines.size();
        while (i > 0 && lines.get(i - 1).isBlank()) {
            i--;
        }
        return i;
    }

    /** The wrapper script on the PATH, as the real agent writes it (arguments quoted, which the original forgets). */
    public static String wrapper(InstallLayout layout) {
        return "#!/bin/sh\nexec " + layout.launcher() + " \"$@\"\n";
    }
}
