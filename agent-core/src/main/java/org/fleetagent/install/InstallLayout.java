package org.fleetagent.install;

import java.nio.file.Path;
import org.fleetagent.platform.AgentPaths;

/**
 * Where an installed agent lives on a host: {@code <base>/Elastic/Agent} (or {@code Agent-<namespace>}), the
 * {@code /usr/bin} wrapper and the systemd unit. {@code systemRoot} is {@code /} on a real host; tests point it at a
 * temporary directory so that the wrapper and the unit land under it instead of under {@code /usr} and {@code /etc}.
 *
 * @param systemRoot the directory standing for {@code /} (for the wrapper, the unit and systemd's presence)
 * @param basePath   {@code --base-path}, absolute
 * @param namespace  {@code --namespace} ({@code Development} with {@code --develop}), or empty
 */
public record InstallLayout(Path systemRoot, Path basePath, String namespace) {

    public InstallLayout {
        systemRoot = systemRoot.toAbsolutePath().normalize();
        basePath = basePath.toAbsolutePath().normalize();
        namespace = namespace == null ? "" : namespace;
    }

    /** {@code <base>/Elastic/Agent} or {@code <base>/Elastic/Agent-<namespace>}. */
    public Path top() {
        return basePath.resolve("Elastic").resolve(namespace.isEmpty() ? "Agent" : "Agent-" + namespace);
    }

    /** The service name: {@code elastic-agent} or {@code elastic-agent-<namespace>}. */
    public String serviceName() {
        return namespace.isEmpty() ? "elastic-agent" : "elastic-agent-" + namespace;
    }

    /** The shell wrapper on the PATH: {@code /usr/bin/elastic-agent} or {@code /usr/bin/elastic-<namespace>-agent}. */
    public Path wrapper() {
        return systemRoot.resolve("usr/bin").resolve(namespace.isEmpty() ? "elastic-agent" : "elastic-" + namespace + "-agent");
    }

    /** The systemd unit file. */
    public Path unit() {
        return systemRoot.resolve("etc/systemd/system").resolve(serviceName() + ".service");
    }

    /** The optional environment file the unit reads ({@code /etc/sysconfig/elastic-agent}). */
    public Path environmentFile() {
        return systemRoot.resolve("etc/sysconfig").resolve(serviceName());
    }

    /** The installed agent's launcher. */
    public Path launcher() {
        return top().resolve("elastic-agent");
    }

    /** The install journal: every step install took, so that rollback and uninstall undo exactly those. */
    public Path journal() {
        return top().resolve(".install-journal.json");
    }

    /** The marker of a completed install (as the real agent's). */
    public Path marker() {
        return top().resolve(".installed");
    }

    /** The installed agent's files, with the real agent's defaults. */
    public AgentPaths agentPaths() {
        return AgentPaths.of(top(), null, null, null, null);
    }

    /** Whether systemd manages services here: the root is {@code /} and systemd runs as PID 1. */
    public boolean systemdRunning() {
        return systemRoot.equals(Path.of("/")) && java.nio.file.Files.isDirectory(Path.of("/run/systemd/system"));
    }
}
