package org.fleetagent.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;

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

    /** Creates the group and the user when missing, each recorded in the journal first so that uninstall removes it. */
    static void ensure(InstallJournal journal, String user, String group, Consumer<String> progress) throws IOException {
        if (!groupExists(group)) {
            journal.record(InstallJournal.Kind.GROUP, group);
            createGroup(group);
            progress.accept("Created the group " + group);
        }
        if (!userExists(user)) {
            journal.record(InstallJournal.Kind.USER, user);
            createUser(user, group);
            progress.accept("Created the user " + user);
        }
    }

    /**
     * Gives {@code user}:{@code group} every file under {@code top} (symbolic links themselves, not their targets);
     * with {@code stripWorld} also takes away any access of other users, as the real agent's FixPermissions does.
     */
    static void giveTree(Path top, String user, String group, boolean stripWorld) throws IOException {
        UserPrincipalLookupService lookup = top.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal u = lookup.lookupPrincipalByName(user);
        GroupPrincipal g = lookup.lookupPrincipalByGroupName(group);
        try (var files = Files.walk(top)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                PosixFileAttributeView v = Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                v.setOwner(u);
                v.setGroup(g);
                if (stripWorld && !Files.isSymbolicLink(p)) {
                    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
                    perms.addAll(v.readAttributes().permissions());
                    if (perms.removeAll(EnumSet.of(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE))) {
                        v.setPermissions(perms);
                    }
                }
            }
        }
    }

    static boolean groupExists(String group) {
        return exists("group", group);
    }

    static boolean userExists(String user) {
        return exists("passwd", user);
    }

    /** getent's answer: 0 found, 2 not found; anything else (it could not run, or the database failed) is no answer. */
    private static boolean exists(String database, String key) {
        SystemCommands.Result r = SystemCommands.run(List.of("getent", database, key));
        if (r.exit() == 0 || r.exit() == GETENT_NOT_FOUND) {
            return r.exit() == 0;
        }
        throw new AgentException(ExitCode.FAILURE, "cannot tell whether " + key + " exists: 'getent " + database + " " + key + "' exited " + r.exit()
                + (r.output().isEmpty() ? "" : ": " + r.output().lines().reduce((a, b) -> b).orElse("")));
    }

    private static final int GETENT_NOT_FOUND = 2;

    static void createGroup(String group) {
        SystemCommands.check(List.of("groupadd", "-f", "--system", group), "creating the group " + group);
    }

    static void createUser(String user, String group) {
        SystemCommands.check(List.of("useradd", "--gid", group, "--system", "--no-user-group", "--no-create-home",
                "--shell", "/usr/bin/false", user), "creating the user " + user);
    }

    /**
     * Deletes {@code user}. userdel refuses while a process still runs as the user (exit 8), which happens when
     * the stopped daemon's components are still exiting, so those processes are awaited once before the retry.
     */
    static void deleteUser(String user) {
        SystemCommands.Result r = SystemCommands.run(List.of("userdel", user));
        if (r.exit() == USERDEL_USER_IN_USE) {
            awaitProcessesOf(user, Duration.ofSeconds(15));
            r = SystemCommands.run(List.of("userdel", user));
        }
        if (r.exit() != 0) {
            throw new AgentException(ExitCode.FAILURE, "'userdel " + user + "' exited " + r.exit() + (r.output().isEmpty() ? "" : ": " + r.output().lines().reduce((a, b) -> b).orElse("")));
        }
    }

    static void deleteGroup(String group) {
        SystemCommands.Result r = SystemCommands.run(List.of("groupdel", group));
        if (r.exit() != 0) {
            throw new AgentException(ExitCode.FAILURE, "'groupdel " + group + "' exited " + r.exit() + (r.output().isEmpty() ? "" : ": " + r.output().lines().reduce((a, b) -> b).orElse("")));
        }
    }

    /** userdel's exit status when the user is logged in or a process runs as it (shadow-utils). */
    private static final int USERDEL_USER_IN_USE = 8;

    private static void awaitProcessesOf(String user, Duration timeout) {
        List<ProcessHandle> running = ProcessHandle.allProcesses()
                .filter(p -> p.info().user().map(user::equals).orElse(false)).toList();
        long end = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle p : running) {
            try {
                p.onExit().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                return;
            }
        }
    }
}
