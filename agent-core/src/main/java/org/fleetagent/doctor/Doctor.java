package org.fleetagent.doctor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.fleet.FleetApiException;
import org.fleetagent.fleet.FleetClient;
import org.fleetagent.tls.CertificateExpiry;
import org.fleetagent.tls.Pem;
import org.fleetagent.tls.TlsContext;
import org.fleetagent.tls.TlsContexts;
import org.fleetagent.transport.HttpClientFactory;
import org.fleetagent.transport.ProxyRoute;
import org.fleetagent.transport.TransportErrors;
import org.fleetagent.transport.TransportSettings;
import org.fleetagent.version.AgentVersion;

/**
 * {@code elastic-agent doctor}: walks the path to a Fleet Server hop by hop (DNS, TCP, proxy, TLS, client
 * certificate, {@code GET /api/status}) and stops at the first failure, naming it and its fix. The first hops use
 * raw sockets so that each answer can be told apart; the last one goes through the agent's one transport, as
 * enrollment and check-ins do.
 */
public final class Doctor {
    /** How long a peer has to answer once connected (a CONNECT, a handshake, /api/status). */
    private static final Duration ANSWER = Duration.ofSeconds(2);

    private final Map<String, String> env;
    private final Clock clock;

    /** @param env the process environment (proxy variables) */
    public Doctor(Map<String, String> env, Clock clock) {
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    /** Walks the path to the request's Fleet Server; never throws for what it finds on the way. */
    public DoctorReport check(DoctorRequest request) {
        return check(request, PolicyTargets.none());
    }

    /**
     * Walks the path to the Fleet Server, then, when every hop passed, to each destination of the policy (its
     * Elasticsearch outputs, the artifact source); a destination after a failure is one line, not checked.
     */
    public DoctorReport check(DoctorRequest request, PolicyTargets after) {
        Run run = new Run(Peer.FLEET, request.url(), request.transport(), request.headers(), null);
        run.walk();
        List<Hop> hops = new ArrayList<>(run.hops);
        for (PolicyTargets.Target t : after.targets()) {
            boolean failedBefore = hops.stream().anyMatch(Hop::failed);
            if (t.skip() != null) {
                hops.add(failedBefore && t.skip().failed() ? Hop.skipped(t.skip().name(), "not checked: an earlier hop failed") : t.skip());
            } else if (failedBefore) {
                hops.add(Hop.skipped(t.peer().prefix().replaceAll("/$", ""), "not checked: an earlier hop failed"));
            } else {
                Run r = new Run(t.peer(), t.url(), t.transport(), Map.of(), t);
                r.walk();
                hops.addAll(r.hops);
            }
        }
        return new DoctorReport(request.url(), run.proxy.map(ProxyRoute::label).orElse(""), hops, run.certificates, after.policy());
    }

    /** One walk of the path; holds what the hops found. */
    private final class Run {
        private final Peer peer;
        /** The policy destination walked, or null for the Fleet Server. */
        private final PolicyTargets.Target target;
        private final URI url;
        private final TransportSettings transport;
        private final Map<String, String> headers;
        private final Optional<ProxyRoute> proxy;
        private final String host;
        private final int port;
        private final boolean https;
        private final List<Hop> hops = new ArrayList<>();
        private final List<CertificateFacts> certificates = new ArrayList<>();
        private long mark = System.nanoTime();
        /** The CAs of the chain an output's ca_trusted_fingerprint names, trusted by the last hop too. */
        private List<String> fingerprinted = List.of();

        Run(Peer peer, URI url, TransportSettings transport, Map<String, String> headers, PolicyTargets.Target target) {
            this.peer = peer;
            this.target = target;
            this.url = url;
            this.transport = transport;
            this.headers = headers;
            this.proxy = ProxyRoute.of(transport, url, env);
            this.host = url.getHost();
            this.https = "https".equalsIgnoreCase(url.getScheme());
            this.port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        }

        void walk() {
            if (target == null) {
                clientCertificate();
            }
            String firstHost = proxy.map(ProxyRoute::host).orElse(host);
            int firstPort = proxy.map(ProxyRoute::port).orElse(port);
            String what = proxy.map(p -> "the proxy " + p.label()).orElse(peer.name());
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(firstHost);
                add(Hop.ok("dns", firstHost + " resolves to " + Arrays.stream(addresses).map(InetAddress::getHostAddress).toList()
                        + (proxy.isPresent() ? "; " + host + " is resolved by the proxy" : "")));
            } catch (UnknownHostException e) {
                fail(Hop.failed("dns", ExitCode.UNREACHABLE, "cannot resolve " + firstHost + " (" + what + "): the name does not exist in DNS",
                        proxy.isPresent() ? "check the host name in the proxy URL" : "check the host name in " + peer.urlSetting() + " and this host's DNS settings"));
                return;
            }
            try (Socket s = new Socket()) {
                if (!tcp(s, addresses, firstPort, what) || !tunnel(s) || !tls(s)) {
                    return;
                }
            } catch (java.net.SocketTimeoutException e) {
                fail(Hop.failed(next(), ExitCode.UNREACHABLE, what + " did not answer within " + ANSWER.toSeconds() + " s",
                        "check that " + what + " is the right kind of peer for this URL (scheme and port) and that it is not overloaded"));
                return;
            } catch (IOException e) {
                fail(Hop.failed(next(), ExitCode.UNREACHABLE, "the connection broke: " + e.getMessage(),
                        "check that " + what + " is the right peer and runs"));
                return;
            }
            if (target == null) {
                fleet();
            } else {
                Hop h = Endpoint.probe(new HttpClientFactory(env), target, ANSWER, fingerprinted);
                if (h.failed()) {
                    fail(h);
                } else {
                    add(h);
                }
            }
        }

        private boolean tcp(Socket s, InetAddress[] addresses, int firstPort, String what) {
            int timeout = (int) transport.connectTimeout().toMillis();
            try {
                s.connect(new InetSocketAddress(addresses[0], firstPort), timeout);
                s.setSoTimeout((int) ANSWER.toMillis());
                add(Hop.ok("tcp", "connected to " + addresses[0].getHostAddress() + ":" + firstPort + " (" + what + ")"));
                return true;
            } catch (java.net.SocketTimeoutException e) {
                return fail(Hop.failed("tcp", ExitCode.UNREACHABLE, "no answer from " + addresses[0].getHostAddress() + ":" + firstPort + " ("
                        + what + ") within " + transport.connectTimeout().toSeconds() + " s", "a firewall may drop the packets: check the route and the port"));
            } catch (IOException e) {
                return fail(Hop.failed("tcp", ExitCode.UNREACHABLE, "connection to " + addresses[0].getHostAddress() + ":" + firstPort + " (" + what
                        + ") refused: " + e.getMessage(), "check that " + what + " runs and listens on port " + firstPort + ", and the port in the URL"));
            }
        }

        private boolean tunnel(Socket s) throws IOException {
            if (proxy.isEmpty()) {
                add(Hop.skipped("proxy", "direct connection (no proxy configured or from the environment)"));
                return true;
            }
            ProxyRoute p = proxy.get();
            if (p.tls()) {
                add(Hop.skipped("proxy", "TLS proxy " + p.label() + ": checked by the request through the agent's transport"));
                return true;
            }
            Hop h = ProxyProbe.tunnel(s, p, host, port);
            return h.failed() ? fail(h) : add(h) != null;
        }

        private boolean tls(Socket s) throws IOException {
            if (!https) {
                add(Hop.skipped("tls", "plain http:// to " + peer.name()));
                return true;
            }
            if (proxy.isPresent() && proxy.get().tls()) {
                add(Hop.skipped("tls", "inside the TLS proxy's tunnel: checked by the request"));
                return true;
            }
            TlsContext ctx;
            try {
                ctx = TlsContexts.build(transport.tls(), peer.name());
            } catch (AgentException e) {
                return fail(Hop.failed("tls", e.exitCode(), e.getMessage(), target == null ? "fix the TLS flags or files named"
                        : "fix the TLS settings of " + peer.name() + " in Fleet (" + peer.caSetting() + ")"));
            }
            List<X509Certificate> chain;
            try {
                chain = ServerChain.capture(s, host, port);
            } catch (IOException e) {
                return fail(Hop.failed("tls", ExitCode.TLS, "the TLS handshake with " + host + ":" + port + " failed: " + e.getMessage(),
                        "check that " + peer.urlSetting() + " names a TLS port of " + peer.name() + " (or use http://)"));
            }
            if (chain.isEmpty()) {
                return fail(Hop.failed("tls", ExitCode.TLS, "the server sent no certificate", "check that " + peer.urlSetting() + " names "
                        + peer.name()));
            }
            if (target != null) {
                fingerprinted = Endpoint.fingerprinted(chain, target.fingerprint());
                Hop h = ServerChain.verify(chain, host, transport.tls(), ctx, clock, peer, !fingerprinted.isEmpty());
                return h.failed() ? fail(h) : add(h) != null;
            }
            certificates.add(CertificateFacts.of(CertificateExpiry.FLEET_SERVER, chain.getFirst(), clock));
            for (X509Certificate c : chain.subList(1, chain.size())) {
                certificates.add(CertificateFacts.of("sent by the server", c, clock));
            }
            Hop h = ServerChain.verify(chain, host, transport.tls(), ctx, clock, peer, false);
            X509Certificate anchor = h.failed() ? null : ctx.anchorOf(chain);
            if (anchor != null) {
                certificates.add(CertificateFacts.of(CertificateExpiry.FLEET_CA, anchor, clock));
            }
            return h.failed() ? fail(h) : add(h) != null;
        }

        private void fleet() {
            Duration timeout = transport.connectTimeout().plus(ANSWER);
            TransportSettings t = new TransportSettings(transport.tls(), transport.proxy(), ANSWER, transport.connectTimeout());
            try {
                FleetClient client = new FleetClient(new HttpClientFactory(env).create(t), url, headers, AgentVersion.current());
                String status = client.status(timeout);
                add(transport.tls().hasClientCertificate()
                        ? Hop.ok("client-certificate", "accepted on the path to the Fleet Server" + (proxy.isPresent() ? " through the proxy" : ""))
                        : Hop.skipped("client-certificate", "none configured, none asked for"));
                if (!"HEALTHY".equalsIgnoreCase(status)) {
                    fail(Hop.failed("fleet", ExitCode.FAILURE, "the Fleet Server answered GET /api/status with 503: its status is " + status,
                            "it is up but not ready: check the Fleet Server's logs and its connection to Elasticsearch, then run doctor again"));
                    return;
                }
                add(Hop.ok("fleet", "GET /api/status: " + status));
            } catch (FleetApiException e) {
                fail(Hop.failed("fleet", e.status() == 401 || e.status() == 403 ? ExitCode.CREDENTIALS : ExitCode.FAILURE,
                        "GET /api/status answered HTTP " + e.status() + ": " + e.getMessage(),
                        "check that the URL names a Fleet Server and what any gateway in front of it requires"));
            } catch (IOException e) {
                AgentException a = TransportErrors.classify(e, url.toString(), t);
                String m = a.getMessage();
                boolean cert = m.contains("client certificate");
                int colon = m.lastIndexOf(": ");
                fail(Hop.failed(cert ? "client-certificate" : proxy.isPresent() && m.contains("proxy") ? "proxy" : "fleet", a.exitCode(),
                        colon > 0 ? m.substring(0, colon) : m, colon > 0 ? m.substring(colon + 2) : "see the detail"));
            } catch (AgentException e) {
                fail(Hop.failed("fleet", e.exitCode(), e.getMessage(), "fix the setting named"));
            }
        }

        private void clientCertificate() {
            if (!transport.tls().hasClientCertificate()) {
                return;
            }
            try {
                certificates.add(CertificateFacts.of(CertificateExpiry.CLIENT, Pem.certificates(transport.tls().certificate(), "the client certificate")
                        .getFirst(), clock));
            } catch (RuntimeException e) {
                // an unreadable client certificate is reported by the hop that needs it
            }
        }

        /** The hop that was running when the connection broke: the one after the last recorded. */
        private String next() {
            List<String> order = List.of("dns", "tcp", "proxy", "tls");
            return order.get(Math.min(hops.size(), order.size() - 1));
        }

        private Hop add(Hop h) {
            long now = System.nanoTime();
            Hop named = h.named(peer.prefix() + h.name());
            Hop timed = h.outcome() == Hop.Outcome.SKIPPED ? named : named.took((now - mark) / 1_000_000);
            mark = now;
            hops.add(timed);
            return timed;
        }

        private boolean fail(Hop h) {
            add(h);
            List<String> order = target == null ? List.of("dns", "tcp", "proxy", "tls", "client-certificate", "fleet")
                    : List.of("dns", "tcp", "proxy", "tls", Endpoint.hopName(target.kind()));
            for (String rest : order) {
                if (hops.stream().noneMatch(x -> x.name().equals(peer.prefix() + rest))) {
                    hops.add(Hop.skipped(peer.prefix() + rest, "not checked: an earlier hop failed"));
                }
            }
            return false;
        }
    }
}
