package org.fleetagent.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.install.InstallLayout;
import org.fleetagent.install.ServiceUserSwitch;
import picocli.CommandLine.Model.CommandSpec;

/** What {@code privileged} and {@code unprivileged} share: root check, plan, confirmation, switch, closing line. */
final class ServiceUserSwitchRun {
    private ServiceUserSwitchRun() {
    }

    /**
     * @param mode          "privileged" or "unprivileged"
     * @param daemonTimeout the real {@code --daemon-timeout}: negative does not wait, zero waits one minute
     */
    static int run(CliContext ctx, CommandSpec spec, InstalledAgentOptions target, String mode, boolean force, Duration daemonTimeout,
                   String user, String group) throws IOException {
        ServiceUserSwitch.requireRoot(mode);
        InstallLayout layout = target.layout(spec);
        ServiceUserSwitch.Plan plan = ServiceUserSwitch.plan(layout, mode.equals("unprivileged"), user, group);
        if (!force) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!Confirm.ask(in, ctx.out(), "This will restart the running Elastic Agent and convert it to run in " + mode
                    + " mode. Do you want to continue?", true)) {
                throw new AgentException(ExitCode.FAILURE, mode + " switch was cancelled by the user; nothing was changed");
            }
        }
        ctx.err().println("Converting Elastic Agent to " + mode + "...");
        ctx.err().flush();
        Duration wait = daemonTimeout.isNegative() ? null : daemonTimeout.isZero() ? Duration.ofMinutes(1) : daemonTimeout;
        new ServiceUserSwitch(line -> {
            ctx.err().println(line);
            ctx.err().flush();
        }).apply(plan, wait);
        ctx.out().println("Elastic Agent at " + layout.top() + " now runs as " + plan.describeTarget() + ".");
        ctx.out().flush();
        return ExitCode.OK.code();
    }
}
