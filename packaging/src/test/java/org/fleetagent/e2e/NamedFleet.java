package org.fleetagent.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.fleetagent.fixtures.agent.AgentProcess;
import org.fleetagent.fixtures.agent.HostsFile;
import org.fleetagent.fixtures.fleet.ClientAuth;
import org.fleetagent.fixtures.fleet.FleetServerFixture;
import org.fleetagent.fixtures.pki.SslContexts;
import org.fleetagent.fixtures.pki.TestPki;

/**
 * Fleet reached by a host name that is not a loopback literal, so that proxies (and the environment's proxy rules)
 * apply to it: the test PKI whose server certificate holds the name, its CA written as {@code ca.pem}, and the hosts
 * file that resolves the name to loopback for the agent's JVMs and for squid.
 */
record NamedFleet(TestPki pki, Path ca, Path hosts) {
    static final String NAME = "fleet.e2e.test";

    /** A PKI whose server certificate holds {@link #NAME}, localhost and 127.0.0.1. */
    static TestPki newPki() {
        return TestPki.builder().serverDnsNames("localhost", NAME).serverIpAddresses("127.0.0.1").build();
    }

    /** A new PKI, its CA in {@code dir/ca.pem}, and {@code dir/hosts} resolving {@link #NAME} and {@code otherNames}. */
    static NamedFleet in(Path dir, AgentProcess agent, String... otherNames) throws IOException {
        TestPki pki = newPki();
        Path ca = pki.rootCa().writeCertificate(dir.resolve("ca.pem"));
        String[] names = Stream.concat(Stream.of(NAME), Arrays.stream(otherNames)).toArray(String[]::new);
        return new NamedFleet(pki, ca, HostsFile.resolveLocally(agent, dir, names));
    }

    /** A Fleet fixture serving {@link #NAME} over TLS with the server certificate of {@code pki}. */
    static FleetServerFixture start(TestPki pki, ClientAuth auth) {
        return FleetServerFixture.builder().publicHost(NAME).tls(SslContexts.server(pki), auth).build().start();
    }

    /** {@code https://fleet.e2e.test:<port>} of a fixture started by {@link #start}. */
    static String url(FleetServerFixture fleet) {
        return "https://" + NAME + ":" + fleet.port();
    }
}
