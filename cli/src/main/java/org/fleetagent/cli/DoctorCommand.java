package org.fleetagent.cli;

import java.time.Clock;
import org.fleetagent.doctor.Doctor;
import org.fleetagent.doctor.DoctorReport;
import org.fleetagent.doctor.DoctorRequest;
import org.fleetagent.doctor.Hop;
import org.fleetagent.doctor.PolicyTargets;
import org.fleetagent.errors.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code elastic-agent doctor}: checks the path to Fleet hop by hop and names the first that fails, with its fix. */
@Command(name = "doctor", sortOptions = false,
        customSynopsis = "elastic-agent doctor [--url <url> [connection flags of enroll]] [--output human|json] [--print-pin]",
        description = {
                "Check the path to Fleet hop by hop and name the first that fails.",
                "",
                """
                The hops: DNS, TCP, proxy, TLS, client certificate, GET /api/status; then, for
                an enrolled agent, the same to each Elasticsearch output of the applied policy
                (GET /) and to the artifact source (HEAD). It stops at the first failure and
                says how to fix it.

                With --url it takes an enroll command line as it is (the enrollment flags are
                ignored); without, it reads the enrolled agent's fleet.enc. --print-pin prints
                the pin of the server's CA in every form --ca-sha256 accepts.

                Exit codes: 0 every hop passed, 1 Fleet Server not ready, 2 bad flags or not
                enrolled, 3 DNS, TCP or proxy, 4 TLS or client certificate, 5 credentials refused.
                """})
public final class DoctorCommand extends ContextCommand {
    @Spec
    CommandSpec spec;

    @ParentCommand
    RootCommand root;

    @Mixin
    DoctorFlags flags;

    @Option(names = "--output", order = 61, defaultValue = "human", paramLabel = "<format>", description = "human (a table) or json.")
    String output;

    @Option(names = "--print-pin", order = 62, description = "Print the pin of the server's CA in every accepted form.")
    boolean printPin;

    @Override
    public Integer call() {
        Usage usage = Usage.of(spec);
        if (!"human".equals(output) && !"json".equals(output)) {
            throw usage.error("--output takes human or json (got \"" + output + "\")");
        }
        DoctorRequest req = flags.request(usage, root.global.paths());
        DoctorReport report = new Doctor(ctx.env(), Clock.systemUTC()).check(req, printPin ? PolicyTargets.none() : flags.after(root.global.paths()));
        if (printPin && DoctorOutput.pin(ctx.out(), report, "json".equals(output))) {
            return ExitCode.OK.code();
        }
        if ("json".equals(output)) {
            DoctorOutput.json(ctx.out(), req, report);
        } else {
            DoctorOutput.human(ctx.out(), req, report);
        }
        report.hops().stream().filter(Hop::failed).findFirst().ifPresent(h -> {
            ctx.err().println("Error: " + h.name() + ": " + h.detail() + ": " + h.fix());
            ctx.err().flush();
        });
        return report.exitCode().code();
    }
}
