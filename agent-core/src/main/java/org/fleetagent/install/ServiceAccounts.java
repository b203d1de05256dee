package org.fleetagent.install;

import java.util.List;

/**
 * The service user and group of an unprivileged install, looked up with {@code getent} and created with the
 * system tools ({@code groupadd}, {@code useradd}), as the real agent does.
 */
final class ServiceAccounts {
    /** The real agent's default user. */
    static final String DEFAULT_USER = "elastic-agent-user";
    /** The real agent's default group. */
    static final String DEFAULT_GROUP = "elastic-agent";

    private ServiceAccounts() {
    }

    static boolean groupExists(String group) {
        return SystemCommands.run(List.of("getent", "group", group)).exit() == 0;
    }

    static boolean userExists(String user) {
        return SystemCommands.run(List.of("getent", "passwd", user)).exit() == 0;
    }

    static void createGroup(String group) {
        SystemCommands.check(List.of("groupadd", "-f", "--system", group), "creating the group " + group);
    }

    static void createUser(String user, String group) {
        SystemCommands.check(List.of("useradd", "--gid", group, "--system", "--no-user-group", "--no-create-home",
                "--shell", "/usr/bin/false", user), "creating the user " + user);
    }

    static void deleteUser(String user) {
        SystemCommands.run(List.of("userdel", user));
    }

    static void deleteGroup(String group) {
        SystemCommands.run(List.of("groupdel", group));
    }
}
