package org.fleetagent.tls;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.fleetagent.errors.AgentException;
import org.fleetagent.transport.HttpClientFactory;
import org.fleetagent.transport.ProxySettings;
import org.fleetagent.transport.TransportSettings;
import org.junit.jupiter.api.Test;

/**
 * An expired client certificate: refused where a person gives it (enroll, doctor, a probe), still sent by the
 * daemon's watched client, so the daemon starts and its status names the certificate.
 */
class ExpiredClientCertificateTest {
    @Test
    void refusedWhenGivenStillSentByTheDaemonsClient() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(256);
        KeyPair keys = gen.generateKeyPair();
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=agent");
        var b = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(now.minus(Duration.ofDays(2))), Date.from(now.minus(Duration.ofDays(1))),
                name, keys.getPublic());
        var cert = new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        StringWriter certPem = new StringWriter();
        StringWriter keyPem = new StringWriter();
        try (JcaPEMWriter c = new JcaPEMWriter(certPem); JcaPEMWriter k = new JcaPEMWriter(keyPem)) {
            c.writeObject(cert);
            k.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
        }
        TlsSettings tls = new TlsSettings(List.of(), List.of(), VerificationMode.FULL, certPem.toString(), keyPem.toString(), null);

        AgentException refused = assertThrows(AgentException.class, () -> TlsContexts.build(tls, "the Fleet Server"));
        assertTrue(refused.getMessage().contains("expired on"), refused.getMessage());
        assertNotNull(TlsContexts.build(tls, "the Fleet Server", true));

        TransportSettings t = new TransportSettings(tls, ProxySettings.fromEnvironment(), Duration.ofSeconds(5), Duration.ofSeconds(5));
        HttpClientFactory factory = new HttpClientFactory(Map.of());
        assertThrows(AgentException.class, () -> factory.create(t));
        assertNotNull(factory.create(t, chain -> { }), "the daemon's client is built; the peer's refusal is the check-in's error");
    }
}
