package org.fleetagent.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The CA and server certificate the agent makes for a Fleet Server it bootstraps without certificates of its
 * own, as the real agent does (CA {@code CN=localhost, O=elastic-fleet}, 10 years), with two differences: the
 * server certificate is valid for {@code localhost} and 127.0.0.1 too, since the agent itself talks to its Fleet
 * Server over {@code localhost:8221}, which the original's certificate did not cover (user-pains row 11); and the
 * keys are ECDSA P-256 rather than RSA-2048, which every TLS client in play accepts and which takes milliseconds
 * to generate where RSA-2048 keys took most of the bootstrap's overhead (docs/performance.md).
 *
 * @param caPem   the CA certificate (PEM)
 * @param certPem the server certificate (PEM)
 * @param keyPem  the server key (PKCS#8 PEM; a secret)
 */
public record SelfSignedAuthority(String caPem, String certPem, String keyPem) {

    /** Makes a CA and a server certificate for {@code hostname}, {@code localhost} and the loopback addresses. */
    public static SelfSignedAuthority create(String hostname) {
        try {
            SecureRandom rnd = new SecureRandom();
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"), rnd);
            KeyPair caKeys = gen.generateKeyPair();
            KeyPair serverKeys = gen.generateKeyPair();
            Instant now = Instant.now();
            X500Name caName = new X500Name("CN=localhost, O=elastic-fleet");
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();

            X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, BigInteger.valueOf(1653),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(3650))), caName, caKeys.getPublic());
            ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            ca.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKeys.getPublic()));
            X509Certificate caCert = new JcaX509CertificateConverter().getCertificate(ca.build(signer(caKeys)));

            Set<String> dns = new LinkedHashSet<>(List.of(hostname, "localhost"));
            List<GeneralName> names = new ArrayList<>();
            dns.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
            names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
            names.add(new GeneralName(GeneralName.iPAddress, "::1"));
            X509v3CertificateBuilder leaf = new JcaX509v3CertificateBuilder(caCert, BigInteger.valueOf(1658),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(3650))),
                    new X500Name("CN=" + hostname + ", O=elastic-fleet"), serverKeys.getPublic());
            leaf.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
            leaf.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            leaf.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            leaf.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
            X509Certificate serverCert = new JcaX509CertificateConverter().getCertificate(leaf.build(signer(caKeys)));
            return new SelfSignedAuthority(pem(caCert), pem(serverCert), pem(serverKeys.getPrivate()));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make the self-signed Fleet Server certificate: " + e.getMessage(), e);
        }
    }

    private static ContentSigner signer(KeyPair keys) throws OperatorCreationException {
        return new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
    }

    private static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o instanceof java.security.PrivateKey k
                    ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null).generate() : o);
        }
        return w.toString();
    }

    @Override
    public String toString() {
        return "SelfSignedAuthority[key redacted]";
    }
}
