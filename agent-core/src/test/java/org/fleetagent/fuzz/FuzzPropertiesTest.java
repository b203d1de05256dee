package org.fleetagent.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The short fuzz run of the test suite: 1,000 mutated inputs per target (seeds, bit flips, cuts, insertions,
 * splices, repeats), each of which must fail, if it fails, only with its target's documented error. jqwik shrinks a
 * failing input to the smallest edit list and prints its seed; {@code bench/fuzz} runs the same targets a million times.
 */
class FuzzPropertiesTest {
    private static Path scratch;
    private static List<FuzzTarget> targets;

    @BeforeContainer
    static void targets() throws Exception {
        scratch = Files.createTempDirectory("fuzz");
        targets = FuzzTargets.all(scratch);
    }

    @AfterContainer
    static void cleanUp() throws Exception {
        try (var files = Files.walk(scratch)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void check(String name, byte[] input) {
        FuzzTargets.named(targets, name).check(input);
    }

    private static Arbitrary<byte[]> inputsOf(String name) {
        return Edit.inputs(FuzzTargets.named(targets, name).seeds());
    }

    @Property(tries = 1000)
    void pemCertificates(@ForAll("pem-certificates") byte[] in) {
        check("pem-certificates", in);
    }

    @Property(tries = 1000)
    void pemPrivateKey(@ForAll("pem-private-key") byte[] in) {
        check("pem-private-key", in);
    }

    @Property(tries = 1000)
    void yamlCodec(@ForAll("yaml-codec") byte[] in) {
        check("yaml-codec", in);
    }

    @Property(tries = 1000)
    void fleetEncFormat(@ForAll("fleet-enc-format") byte[] in) {
        check("fleet-enc-format", in);
    }

    @Property(tries = 1000)
    void fleetEncStore(@ForAll("fleet-enc-store") byte[] in) {
        check("fleet-enc-store", in);
    }

    @Property(tries = 1000)
    void fleetEncPlaintext(@ForAll("fleet-enc-plaintext") byte[] in) {
        check("fleet-enc-plaintext", in);
    }

    @Property(tries = 1000)
    void vaultKeyFile(@ForAll("vault-key-file") byte[] in) {
        check("vault-key-file", in);
    }

    @Property(tries = 1000)
    void vaultSeed(@ForAll("vault-seed") byte[] in) {
        check("vault-seed", in);
    }

    @Property(tries = 1000)
    void vaultAgentSecret(@ForAll("vault-agent-secret") byte[] in) {
        check("vault-agent-secret", in);
    }

    @Property(tries = 1000)
    void controlReply(@ForAll("control-reply") byte[] in) {
        check("control-reply", in);
    }

    @Property(tries = 1000)
    void controlRequest(@ForAll("control-request") byte[] in) {
        check("control-request", in);
    }

    @Property(tries = 1000)
    void fleetReplyEnroll(@ForAll("fleet-reply-enroll") byte[] in) {
        check("fleet-reply-enroll", in);
    }

    @Property(tries = 1000)
    void fleetReplyCheckin(@ForAll("fleet-reply-checkin") byte[] in) {
        check("fleet-reply-checkin", in);
    }

    @Property(tries = 1000)
    void fleetReplyAcks(@ForAll("fleet-reply-acks") byte[] in) {
        check("fleet-reply-acks", in);
    }

    @Property(tries = 1000)
    void fleetReplyStatus(@ForAll("fleet-reply-status") byte[] in) {
        check("fleet-reply-status", in);
    }

    @Property(tries = 1000)
    void fleetReplyError(@ForAll("fleet-reply-error") byte[] in) {
        check("fleet-reply-error", in);
    }

    @Provide("pem-certificates") Arbitrary<byte[]> a1() { return inputsOf("pem-certificates"); }
    @Provide("pem-private-key") Arbitrary<byte[]> a2() { return inputsOf("pem-private-key"); }
    @Provide("yaml-codec") Arbitrary<byte[]> a3() { return inputsOf("yaml-codec"); }
    @Provide("fleet-enc-format") Arbitrary<byte[]> a4() { return inputsOf("fleet-enc-format"); }
    @Provide("fleet-enc-store") Arbitrary<byte[]> a5() { return inputsOf("fleet-enc-store"); }
    @Provide("fleet-enc-plaintext") Arbitrary<byte[]> a6() { return inputsOf("fleet-enc-plaintext"); }
    @Provide("vault-key-file") Arbitrary<byte[]> a7() { return inputsOf("vault-key-file"); }
    @Provide("vault-seed") Arbitrary<byte[]> a8() { return inputsOf("vault-seed"); }
    @Provide("vault-agent-secret") Arbitrary<byte[]> a9() { return inputsOf("vault-agent-secret"); }
    @Provide("control-reply") Arbitrary<byte[]> a10() { return inputsOf("control-reply"); }
    @Provide("control-request") Arbitrary<byte[]> a11() { return inputsOf("control-request"); }
    @Provide("fleet-reply-enroll") Arbitrary<byte[]> a12() { return inputsOf("fleet-reply-enroll"); }
    @Provide("fleet-reply-checkin") Arbitrary<byte[]> a13() { return inputsOf("fleet-reply-checkin"); }
    @Provide("fleet-reply-acks") Arbitrary<byte[]> a14() { return inputsOf("fleet-reply-acks"); }
    @Provide("fleet-reply-status") Arbitrary<byte[]> a15() { return inputsOf("fleet-reply-status"); }
    @Provide("fleet-reply-error") Arbitrary<byte[]> a16() { return inputsOf("fleet-reply-error"); }
}
