package org.fleetagent.doctor;

/**
 * The destination one walk of {@code doctor} checks, and how its messages name it and its settings.
 *
 * @param prefix     put before each hop's name: empty for Fleet, {@code output.<name>/}, {@code downloads/}
 * @param name       the peer in sentences: "the Fleet Server", "the Elasticsearch output default"
 * @param urlSetting where its URL is set: {@code --url}, the policy key
 * @param caSetting  where its CAs are set, named when none verifies the chain
 * @param caFix      what to do when no CA verifies the chain
 * @param renew      what to do when its certificate expired
 */
record Peer(String prefix, String name, String urlSetting, String caSetting, String caFix, String renew) {
    static final Peer FLEET = new Peer("", "the Fleet Server", "--url", "--certificate-authorities",
            "pass that CA with --certificate-authorities <file>, or pin it with --ca-sha256 (doctor --print-pin shows it)",
            "renew the Fleet Server's certificate");

    static Peer output(String output) {
        String key = "outputs." + output;
        return new Peer("output." + output + "/", "the Elasticsearch output " + output, key + ".hosts of the policy",
                key + ".ssl.certificate_authorities",
                "add that CA to the output's SSL settings in Fleet (" + key + ".ssl.certificate_authorities), or set its ca_trusted_fingerprint",
                "renew the Elasticsearch certificate");
    }

    static final Peer DOWNLOADS = new Peer("downloads/", "the artifact source", "agent.download.sourceURI of the policy",
            "agent.download.ssl.certificate_authorities",
            "add that CA to the agent binary source's SSL settings in Fleet (agent.download.ssl.certificate_authorities)",
            "renew the artifact server's certificate");
}
