package org.fleetagent.doctor;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.transport.HttpClientFactory;
import org.fleetagent.transport.TransportSettings;

/**
 * The last hop to a destination of the policy, through the agent's own transport: {@code GET /} of an
 * Elasticsearch host (a 401 is Elasticsearch answering without the output's credentials, so the host is reached),
 * {@code HEAD} of the artifact source (any answer below 500: each download asks for its own file).
 */
final class Endpoint {
    private Endpoint() {
    }

    static String hopName(PolicyTargets.Kind kind) {
        return kind == PolicyTargets.Kind.ELASTICSEARCH ? "http" : "head";
    }

    /** @param fingerprinted the CAs of the chain that the output's ca_trusted_fingerprint names, as PEM, trusted besides its CAs */
    static Hop probe(HttpClientFactory factory, PolicyTargets.Target t, Duration answer, List<String> fingerprinted) {
        String hop = hopName(t.kind());
        boolean es = t.kind() == PolicyTargets.Kind.ELASTICSEARCH;
        String ask = (es ? "GET " : "HEAD ") + t.url();
        TransportSettings s = t.transport();
        try {
            OkHttpClient client = factory.create(new TransportSettings(trusting(s.tls(), fingerprinted), s.proxy(), answer, s.connectTimeout()))
                    .newBuilder().callTimeout(s.connectTimeout().plus(answer).toMillis(), TimeUnit.MILLISECONDS).build();
            Request.Builder rb = new Request.Builder().url(t.url().toString());
            try (Response r = client.newCall(es ? rb.get().build() : rb.head().build()).execute()) {
                return answered(hop, es, ask, r.code(), t.peer());
            }
        } catch (AgentException e) {
            return Hop.failed(hop, e.exitCode(), e.getMessage(), "fix the settings of " + t.peer().name() + " in Fleet");
        } catch (SSLException e) {
            return Hop.failed(hop, ExitCode.TLS, ask + " failed in TLS: " + e.getMessage(), "check the TLS settings of " + t.peer().name());
        } catch (IOException e) {
            return Hop.failed(hop, ExitCode.UNREACHABLE, ask + " failed: " + e.getMessage(), "check that " + t.peer().name() + " runs and that "
                    + t.peer().urlSetting() + " names it");
        }
    }

    private static Hop answered(String hop, boolean es, String ask, int code, Peer peer) {
        if (es && code / 100 == 2) {
            return Hop.ok(hop, ask + " answered " + code);
        }
        if (es && code == 401) {
            return Hop.ok(hop, ask + " answered 401: the host answered as Elasticsearch does without credentials (reachable; the output's API key is not checked here)");
        }
        if (!es && code < 500) {
            return Hop.ok(hop, ask + " answered " + code + ": the source is reachable (each download asks for its own file)");
        }
        return Hop.failed(hop, code == 403 ? ExitCode.CREDENTIALS : ExitCode.FAILURE, ask + " answered HTTP " + code,
                es ? "check that " + peer.urlSetting() + " names Elasticsearch and that it is healthy"
                        : "check that " + peer.urlSetting() + " names a server holding the agent's artifacts and that it is up");
    }

    /** The output's {@code ca_trusted_fingerprint} trusts the CA of that fingerprint, as the real output does; given as one more CA. */
    private static TlsSettings trusting(TlsSettings tls, List<String> fingerprinted) {
        if (fingerprinted.isEmpty()) {
            return tls;
        }
        List<String> cas = new ArrayList<>(tls.certificateAuthorities());
        cas.addAll(fingerprinted);
        return new TlsSettings(cas, tls.caSha256(), tls.verificationMode(), tls.certificate(), tls.key(), tls.keyPassphrasePath());
    }

    /** The certificates of the chain whose SHA-256 is {@code fingerprint} (hex), as PEM; none when it is null. */
    static List<String> fingerprinted(List<X509Certificate> chain, String fingerprint) {
        List<String> out = new ArrayList<>();
        if (fingerprint == null) {
            return out;
        }
        for (X509Certificate c : chain) {
            try {
                if (HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded())).equalsIgnoreCase(fingerprint)) {
                    out.add("-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                            .encodeToString(c.getEncoded()) + "\n-----END CERTIFICATE-----\n");
                }
            } catch (NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
