package org.fleetagent.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.fleetagent.control.AgentState;
import org.fleetagent.control.CertificateState;
import org.fleetagent.control.ComponentState;
import org.fleetagent.control.State;
import org.fleetagent.control.StateHub;
import org.fleetagent.control.UnitState;
import org.fleetagent.tls.CertificateExpiry;
import org.fleetagent.tls.HandClock;
import org.fleetagent.tls.Pem;
import org.fleetagent.tls.SelfSignedAuthority;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.tls.VerificationMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The daemon's certificate watch with a clock the test moves: days left in the state, warnings once, DEGRADED at expiry. */
class CertificateWatchTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private final HandClock clock = new HandClock(NOW);
    private final List<String> warnings = new ArrayList<>();
    private final Logger log = Logger.getLogger(CertificateWatch.class.getName());
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord r) {
            warnings.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        log.addHandler(recorder);
    }

    @AfterEach
    void stopListening() {
        log.removeHandler(recorder);
    }

    @Test
    void theStateCarriesDaysLeftTheLogWarnsOnceAndAnExpiredCertificateDegradesTheAgent() throws Exception {
        SelfSignedAuthority ca = SelfSignedAuthority.create("fleet.example");
        X509Certificate caCert = Pem.certificates(ca.caPem(), "ca").getFirst();
        X509Certificate leaf = certificate("CN=fleet.example", X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded()), Duration.ofDays(5));
        String client = pem(certificate("CN=agent-1", new X500Name("CN=agent-1"), Duration.ofDays(2)));
        TlsSettings tls = new TlsSettings(List.of(ca.caPem()), List.of(), VerificationMode.FULL, client, null, null);
        StateHub hub = new StateHub(new AgentState(new AgentState.Info("a1", "9.6.0", "c", 1), State.HEALTHY, "Running", State.HEALTHY,
                "Connected", List.of()));
        CertificateWatch watch = new CertificateWatch(tls, hub, new CertificateExpiry(clock));

        watch.check();
        assertEquals(List.of(new CertificateState(CertificateExpiry.CLIENT, "CN=agent-1", "2026-12-08T12:00:00Z", 2)),
                hub.current().certificates(), "before any connection only the client certificate is known");
        assertEquals(List.of("the client certificate \"CN=agent-1\" expires in less than 7 days (on 2026-12-08T12:00:00Z, 2 days left): "
                + "renew the client certificate and enroll with it (--elastic-agent-cert)"), warnings);

        watch.serverChain(tls, List.of(leaf));
        assertEquals(List.of(CertificateExpiry.FLEET_CA, CertificateExpiry.FLEET_SERVER, CertificateExpiry.CLIENT),
                hub.current().certificates().stream().map(CertificateState::role).toList());
        assertEquals(5, hub.current().certificates().get(1).daysLeft());
        assertTrue(hub.current().certificates().getFirst().daysLeft() > 3000, hub.current().certificates().toString());
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(1).startsWith("the Fleet Server certificate \"CN=fleet.example\" expires in less than 7 days"), warnings.get(1));
        assertEquals(State.HEALTHY, hub.current().state());

        for (int i = 0; i < 5; i++) {
            watch.check(); // every check-in
            watch.serverChain(tls, List.of(leaf)); // every request on the same connection
        }
        assertEquals(2, warnings.size(), "no warning repeated: " + warnings);

        clock.set(NOW.plus(Duration.ofDays(1)).plusSeconds(1));
        watch.check();
        assertEquals(3, warnings.size(), warnings.toString());
        assertTrue(warnings.get(2).startsWith("the client certificate \"CN=agent-1\" expires in less than 1 day"), warnings.get(2));

        clock.set(NOW.plus(Duration.ofDays(2)).plusSeconds(1));
        watch.check();
        String expired = "the client certificate \"CN=agent-1\" expired on 2026-12-08T12:00:00Z: "
                + "renew the client certificate and enroll with it (--elastic-agent-cert)";
        assertEquals(State.DEGRADED, hub.current().state());
        assertEquals(expired, hub.current().message());
        assertEquals(-1, hub.current().certificates().getLast().daysLeft());
        assertEquals(expired, warnings.getLast());
        watch.check();
        assertEquals(4, warnings.size(), "the expiry is logged once: " + warnings);
    }

    @Test
    void anExpiredCertificateOutranksTheComponentsRollUp() {
        UnitState failed = new UnitState("input", "log-default-x", State.FAILED, "boom", Map.of());
        AgentState s = new AgentState(new AgentState.Info("a1", "9.6.0", "c", 1), State.HEALTHY, "Running", State.HEALTHY, "Connected",
                List.of(new ComponentState("log-default", "log", State.FAILED, "boom", List.of(failed))));
        assertEquals("1 or more components/units in a failed state", Components.summarized(s).message());
        AgentState withExpired = s.withCertificates(List.of(new CertificateState(CertificateExpiry.FLEET_SERVER, "CN=fleet", "2026-12-01T00:00:00Z", -6)));
        assertEquals(State.DEGRADED, Components.summarized(withExpired).state());
        assertEquals("the Fleet Server certificate \"CN=fleet\" expired on 2026-12-01T00:00:00Z: renew the Fleet Server's certificate",
                Components.summarized(withExpired).message());
        AgentState healthy = s.withComponents(List.of()).withCertificates(List.of(new CertificateState(CertificateExpiry.CLIENT, "CN=a",
                "2026-12-10T00:00:00Z", 3)));
        assertEquals(State.HEALTHY, Components.summarized(healthy).state(), "a certificate close to its end does not degrade the agent");
    }

    /** A certificate of {@code subject} from {@code issuer}, valid from an hour before the test's now for {@code left}. */
    private static X509Certificate certificate(String subject, X500Name issuer, Duration left) throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(256);
        KeyPair keys = gen.generateKeyPair();
        var b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(System.nanoTime()), Date.from(NOW.minus(Duration.ofHours(1))),
                Date.from(NOW.plus(left)), new X500Name(subject), keys.getPublic());
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    private static String pem(X509Certificate c) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(c);
        }
        return w.toString();
    }
}
