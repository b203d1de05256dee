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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What {@code privileged} and {@code unprivileged} share: their flags, root check, plan, confirmation, switch, closing line. */
public final class ServiceUserSwitchRun {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = {"-f", "--force"}, order = 1, description = "Do not prompt for confirmation.")
    boolean force;

    @Option(names = "--daemon-timeout", order = 2, paramLabel = "<duration>", converter = GoDurationConverter.class, defaultValue = "0s",
            description = "Timeout waiting for Elastic Agent daemon restart after the change is applied (-1s = no wait; 0 = 1m).")
    Duration daemonTimeout;

    @Mixin
    InstalledAgentOptions target;

    /** Switches to the mode the command is named after; {@code user} and {@code group} only for unprivileged. */
    int run(CliContext ctx, String user, String group) throws IOException {
        String mode = command.name();
        ServiceUserSwitch.requireRoot(mode);
        InstallLayout layout = target.layout(command);
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
        // the real --daemon-timeout: negative does not wait, zero waits one minute
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
