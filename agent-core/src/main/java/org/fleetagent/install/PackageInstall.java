package org.fleetagent.install;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.platform.AgentPaths;

/**
 * Whether this host's agent came from the {@code elastic-agent} .deb (or .rpm), as the real agent decides it: the
 * package manager says the package is installed. Such an agent is the package's {@code elastic-agent} service, with
 * home {@code /var/lib/elastic-agent} and configuration {@code /etc/elastic-agent}: {@code install} does not apply
 * to it, and {@code enroll} restarts that service's daemon.
 */
public final class PackageInstall {
    /** The package's name, and the service it ships. */
    public static final String PACKAGE = "elastic-agent";
    /** The home the package's service runs with ({@code --path.home} in its {@code /usr/bin/elastic-agent}). */
    public static final Path HOME = Path.of("/var/lib/elastic-agent");

    private PackageInstall() {
    }

    /** Asks dpkg, or rpm where there is no dpkg; false when neither is on the host. */
    public static boolean detected() {
        if (Files.isExecutable(Path.of("/usr/bin/dpkg-query"))) {
            SystemCommands.Result r = SystemCommands.run(List.of("dpkg-query", "-W", "-f=${Status}", PACKAGE));
            return r.exit() == 0 && r.output().endsWith("ok installed");
        }
        if (Files.isExecutable(Path.of("/usr/bin/rpm"))) {
            return SystemCommands.run(List.of("rpm", "-q", "--quiet", PACKAGE)).exit() == 0;
        }
        return false;
    }

    /** Whether {@code paths} are the package service's; only then is the package manager asked (a fork: 30-90 ms). */
    public static boolean serves(AgentPaths paths) {
        return paths.top().equals(HOME) && detected();
    }

    /** Refuses {@code install} on a host where the package is installed (exit 6), naming what to run instead. */
    static void refuseInstall(InstallLayout layout) {
        if (layout.systemRoot().equals(Path.of("/")) && detected()) {
            throw new AgentException(ExitCode.CONFLICT, "Elastic Agent is installed here from the " + PACKAGE + " package, which"
                    + " already runs it as the " + PACKAGE + " service: do not 'install' it, enroll it with"
                    + " 'sudo elastic-agent enroll --url <url> --enrollment-token <token>' (the service picks up the enrollment)");
        }
    }
}
