package org.fleetagent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fleetagent.component.PrestartedComponents;
import org.fleetagent.platform.AgentPaths;

/**
 * Starts the fleet-server component's process before the command line is parsed, for the one command whose wall
 * time is dominated by that process's start: {@code enroll --fleet-server-es ...} with no daemon running. Parsing
 * (picocli reads all of the command's option annotations) takes a while under the client compiler; the
 * component's runtime boots meanwhile on the other core, and gets its configuration as soon as the flags are
 * parsed ({@link PrestartedComponents#configure}). The bootstrap's supervisor then takes the process; when the
 * command fails to parse, or turns out not to need it, it is stopped at exit ({@link PrestartedComponents#discard()}).
 *
 * <p>Only the plainest form is recognised, so that the home this guesses is the one the parsed command uses:
 * {@code enroll} first, {@code --fleet-server-es} present, and no other path option than {@code --path.home}.
 * Anything else simply starts the component later, from the bootstrap itself.
 */
final class EarlyFleetServerStart {
    private EarlyFleetServerStart() {
    }

    /**
     * Starts the process on a thread of its own, so that parsing goes on while the JVM forks.
     *
     * @return the starting thread, or null when the command is not one to start it for; the caller passes it to
     *         {@link #discard} at exit
     */
    static Thread maybeStart(String[] args, PrestartedComponents prestarted) {
        if (args.length == 0 || !args[0].equals("enroll")) {
            return null;
        }
        boolean fleetServer = false;
        Path home = null;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--fleet-server-es") || a.startsWith("--fleet-server-es=")) {
                fleetServer = true;
            } else if (a.equals("--path.home") && i + 1 < args.length) {
                home = Path.of(args[++i]);
            } else if (a.startsWith("--path.home=")) {
                home = Path.of(a.substring("--path.home=".length()));
            } else if (a.startsWith("--path.") || a.equals("--")) {
                return null;
            }
        }
        if (!fleetServer) {
            return null;
        }
        if (home == null) {
            // without --path.home a container's recorded paths may apply (GlobalOptions.paths): leave it to the bootstrap
            String dist = System.getProperty("elastic.agent.dist");
            if (dist == null || System.getenv("STATE_PATH") != null) {
                return null;
            }
            home = Path.of(dist);
        }
        AgentPaths paths = AgentPaths.of(home, null, null, null, null);
        if (Files.exists(paths.socket())) {
            return null; // a daemon may be running: the bootstrap restarts it instead
        }
        return Thread.ofPlatform().name("fleet-server-early-start").start(
                () -> prestarted.start(paths.components(), "fleet-server"));
    }

    /** Waits for the start to finish, then stops the process if the bootstrap did not take it. */
    static void discard(Thread earlyStart, PrestartedComponents prestarted) {
        try {
            earlyStart.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        prestarted.discard();
    }
}
