package org.fleetagent.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.fleetagent.doctor.Hop;
import org.fleetagent.recovery.ControlSocketRestart;
import org.fleetagent.recovery.FleetChange;
import org.fleetagent.recovery.FleetRecovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code elastic-agent fleet}: local recovery without reinstalling. Each action probes the new setting hop by hop (as
 * {@code doctor}), rewrites fleet.enc keeping the previous one, restarts the daemon and waits until it is connected.
 */
@Command(name = "fleet", customSynopsis = "elastic-agent fleet set-url|set-proxy|set-ca|set-cert|undo ...",
        description = {
                "Change how this agent reaches Fleet without reinstalling it.",
                "",
                """
                Each action probes the new setting first (the hops of doctor) and changes
                nothing when a hop fails; else it rewrites fleet.enc, keeping the previous
                settings for 'fleet undo', restarts the daemon and waits until it is
                connected to Fleet again.

                Exit codes: 0 done, 1 failure or nothing to undo, 2 bad arguments or not
                enrolled, 3 DNS, TCP or proxy, 4 TLS or client certificate, 5 credentials
                refused, 7 the daemon did not connect within --timeout.
                """},
        subcommands = {FleetCommand.SetUrl.class, FleetCommand.SetProxy.class, FleetCommand.SetCa.class, FleetCommand.SetCert.class,
                FleetCommand.Undo.class})
public final class FleetCommand extends ActionGroup {
    @Override
    String actions() {
        return "set-url, set-proxy, set-ca, set-cert or undo";
    }

    /** One action: its arguments checked by {@link #act}, then run and reported by {@link #run}. */
    abstract static class Action extends ContextCommand {
        @Spec
        CommandSpec spec;

        @ParentCommand
        FleetCommand fleet;

        @Option(names = "--timeout", converter = GoDurationConverter.class, paramLabel = "<duration>", defaultValue = "2m",
                description = "How long to wait for the daemon to connect to Fleet again (default: ${DEFAULT-VALUE}); each connect of the probe takes at most 10s of it.")
        Duration timeout;

        /** Checks the arguments and returns what to do with the recovery service. */
        abstract Function<FleetRecovery, FleetRecovery.Outcome> act(Usage u);

        @Override
        public Integer call() {
            Usage u = Usage.of(spec);
            return run(u, act(u));
        }

        /** Runs this action with a recovery bound to this agent's paths and daemon, and prints what it did. */
        private int run(Usage u, Function<FleetRecovery, FleetRecovery.Outcome> action) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw u.error("--timeout must be positive (got " + org.fleetagent.config.GoDuration.format(timeout) + ")");
            }
            var paths = fleet.root.global.paths();
            long t0 = System.nanoTime();
            FleetRecovery.Outcome o = action.apply(new FleetRecovery(paths, ctx.env(), Clock.systemUTC(), new ControlSocketRestart(paths.socket())));
            Hop last = o.probe().hops().getLast();
            ctx.out().println("Probed " + o.probe().target() + (o.probe().proxy().isEmpty() ? "" : " through " + o.probe().proxy())
                    + ": every hop passed (" + last.name() + ": " + last.detail() + ").");
            ctx.out().println(o.changed() + ". The settings before are kept: 'elastic-agent fleet undo' returns to them.");
            if (o.daemon().running()) {
                ctx.out().println("Elastic Agent restarted and connected to Fleet after " + (System.nanoTime() - t0) / 1_000_000 + " ms: "
                        + o.daemon().fleetMessage() + ".");
            } else {
                ctx.out().println("No Elastic Agent daemon is running: the new settings apply when it starts.");
            }
            ctx.out().flush();
            return 0;
        }
    }

    @Command(name = "set-url", customSynopsis = "elastic-agent fleet set-url <url> [--timeout <duration>]",
            description = "Reach Fleet at another Fleet Server URL (the policy's fleet.hosts may replace it later, as it replaces the enroll-time --url).")
    static final class SetUrl extends Action {
        @Parameters(paramLabel = "<url>", description = "The Fleet Server URL, such as https://fleet.example:8220.")
        String url;

        @Override
        Function<FleetRecovery, FleetRecovery.Outcome> act(Usage u) {
            URI parsed = url(u, url, List.of("http", "https"), "https://fleet.example:8220");
            return r -> r.apply(new FleetChange.Url(parsed), timeout);
        }
    }

    @Command(name = "set-proxy", customSynopsis = "elastic-agent fleet set-proxy <url> | --none [--timeout <duration>]",
            description = "Reach Fleet through another proxy (http, https or socks5; the proxy headers are kept), or with --none through"
                    + " no proxy at all, the environment's included.")
    static final class SetProxy extends Action {
        @Option(names = "--none", description = "No proxy, not even one from HTTPS_PROXY or HTTP_PROXY.")
        boolean none;

        @Parameters(paramLabel = "<url>", arity = "0..1", description = "The proxy URL, such as http://proxy.example:3128.")
        String url;

        @Override
        Function<FleetRecovery, FleetRecovery.Outcome> act(Usage u) {
            if (none == FlagValues.given(url)) {
                throw u.error("set-proxy takes a proxy URL or --none, not " + (none ? "both" : "neither")
                        + ": elastic-agent fleet set-proxy http://proxy.example:3128");
            }
            URI parsed = none ? null : url(u, url, List.of("http", "https", "socks5"), "http://proxy.example:3128");
            return r -> r.apply(new FleetChange.Proxy(parsed), timeout);
        }
    }

    @Command(name = "set-ca", customSynopsis = "elastic-agent fleet set-ca <file> [--timeout <duration>]",
            description = "Trust this CA for the Fleet Server instead of the configured ones (after the CA was rotated); the pins"
                    + " (ca_sha256) of the old CA are dropped.")
    static final class SetCa extends Action {
        @Parameters(paramLabel = "<file>", description = "The CA certificate, a PEM file.")
        Path file;

        @Override
        Function<FleetRecovery, FleetRecovery.Outcome> act(Usage u) {
            readable(u, "<file>", file);
            return r -> r.apply(new FleetChange.Ca(file), timeout);
        }
    }

    @Command(name = "set-cert", customSynopsis = "elastic-agent fleet set-cert <cert> <key> [--passphrase-file <file>]",
            description = "Present this client certificate to Fleet (mTLS) instead of the configured one (after it was rotated).")
    static final class SetCert extends Action {
        @Parameters(index = "0", paramLabel = "<cert>", description = "The client certificate, a PEM file.")
        Path certificate;

        @Parameters(index = "1", paramLabel = "<key>", description = "Its private key, a PEM file.")
        Path key;

        @Option(names = "--passphrase-file", paramLabel = "<file>", description = "The file holding the key's passphrase, when it is encrypted.")
        Path passphraseFile;

        @Override
        Function<FleetRecovery, FleetRecovery.Outcome> act(Usage u) {
            readable(u, "<cert>", certificate);
            readable(u, "<key>", key);
            if (passphraseFile != null) {
                readable(u, "--passphrase-file", passphraseFile);
            }
            return r -> r.apply(new FleetChange.Cert(certificate, key, passphraseFile), timeout);
        }
    }

    @Command(name = "undo", customSynopsis = "elastic-agent fleet undo [--timeout <duration>]",
            description = "Return to the settings before the last 'fleet set-…' (probed first, as a change is); undo again to redo.")
    static final class Undo extends Action {
        @Override
        Function<FleetRecovery, FleetRecovery.Outcome> act(Usage u) {
            return r -> r.undo(timeout);
        }
    }

    /** A URL argument of one of {@code schemes}, with a host. */
    private static URI url(Usage u, String value, List<String> schemes, String example) {
        URI parsed = FlagValues.parseUri(u, "<url>", value);
        if (parsed.getScheme() == null || parsed.getHost() == null || !schemes.contains(parsed.getScheme().toLowerCase(Locale.ROOT))) {
            List<String> forms = schemes.stream().map(x -> x + "://").toList();
            throw u.error("<url> must be an " + String.join(", ", forms.subList(0, forms.size() - 1)) + " or " + forms.getLast()
                    + " URL with a host, such as " + example + " (got \"" + FlagValues.redactUserInfo(value) + "\")");
        }
        return parsed;
    }

    private static void readable(Usage u, String what, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw u.error(what + " " + file + " is not a readable file: give the path of the PEM file");
        }
    }
}
