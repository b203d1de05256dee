package org.fleetagent.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.fleet.FleetServerFixture;

/**
 * Where the install tests put the agent, so that nothing lands on the host: {@code --base-path <tmp>/opt} and the
 * hidden {@code --system-root <tmp>/root} for the wrapper and the unit.
 */
record InstallTarget(Path base, Path systemRoot) {
    /** Below {@code tmp}, made traversable by the service user as {@code /opt} is. */
    static InstallTarget under(Path tmp) throws IOException {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new InstallTarget(tmp.resolve("opt"), tmp.resolve("root"));
    }

    /** The install directory. */
    Path top() {
        return base.resolve("Elastic/Agent");
    }

    Path unit() {
        return systemRoot.resolve("etc/systemd/system/elastic-agent.service");
    }

    Path wrapper() {
        return systemRoot.resolve("usr/bin/elastic-agent");
    }

    /** {@code command} with {@code args}, then the flags that point it here. */
    List<String> args(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(args));
        all.addAll(List.of("--base-path", base.toString(), "--system-root", systemRoot.toString()));
        return all;
    }

    /** {@code install} into {@code fleet} here, without prompts, then {@code extra}. */
    List<String> install(FleetServerFixture fleet, String... extra) {
        List<String> all = args("install", "--url", fleet.url(), "--insecure", "-n");
        all.addAll(List.of(extra));
        return all;
    }

    /** Never leaves an agent running: uninstalls whatever a failed test left. */
    void uninstallLeftovers(AgentProcess agent) {
        if (Files.exists(top()) || Files.exists(systemRoot)) {
            agent.run(args("uninstall", "-f", "--skip-fleet-audit"));
        }
    }
}
