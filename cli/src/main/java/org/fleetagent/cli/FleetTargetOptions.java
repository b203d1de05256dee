package org.fleetagent.cli;

import static org.fleetagent.cli.FlagValues.given;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * Where to enroll and as whom: {@code --url}, the enrollment token (flag or {@value #TOKEN_ENV}), {@code --id},
 * {@code --replace-token}, and what the agent carries along ({@code --tag}, {@code --header}, {@code --staging}).
 */
public final class FleetTargetOptions {
    /** Environment variable read when {@code --enrollment-token} is not given, so the token stays out of argv. */
    public static final String TOKEN_ENV = "FLEET_ENROLLMENT_TOKEN";

    @Option(names = "--url", order = 1, paramLabel = "<url>", description = "URL to enroll the agent into Fleet Server.")
    String url;

    @Option(names = {"-t", "--enrollment-token"}, order = 2, paramLabel = "<token>",
            description = "Enrollment token to use to enroll the agent into Fleet (or the " + TOKEN_ENV
                    + " environment variable, which keeps it out of the process list).")
    String enrollmentToken;

    @Option(names = "--id", order = 3, paramLabel = "<id>", description = "Agent ID to use for enrollment.")
    String id;

    @Option(names = "--replace-token", order = 4, paramLabel = "<token>",
            description = "Replace token to use to replace an agent with the same --id.")
    String replaceToken;

    @Option(names = "--tag", order = 5, split = ",", paramLabel = "<tag>", description = "User set tags (repeatable or comma separated).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--header", order = 6, split = ",", paramLabel = "<k=v>",
            description = "Headers used in communication with Fleet (and with Elasticsearch when bootstrapping Fleet Server).")
    List<String> headers = new ArrayList<>();

    @Option(names = "--staging", order = 7, paramLabel = "<hash>", description = "Configures agent to download artifacts from a staging build.")
    String staging;

    boolean hasUrl() {
        return given(url);
    }

    /** The token of the flag, else of {@value #TOKEN_ENV}, else empty. */
    String token(Map<String, String> env) {
        if (given(enrollmentToken)) {
            return enrollmentToken;
        }
        String fromEnv = env.get(TOKEN_ENV);
        return fromEnv == null ? "" : fromEnv.trim();
    }

    /** The checks of these flags alone. */
    void validate(Usage u) {
        if (given(staging) && staging.length() < 8) {
            throw u.error("--staging needs a build hash of at least 8 characters (got \"" + staging + "\")");
        }
        FlagValues.warnMalformedHeaders(u, "--header", headers);
    }

    Map<String, String> headers() {
        return FlagValues.headerMap(headers);
    }

    /** {@code --url} of a remote enrollment: given, an http(s) URL with a host. */
    URI fleetUrl(Usage u) {
        if (!given(url)) {
            throw u.error("--url is required: the URL of the Fleet Server to enroll into, such as https://fleet.example:8220");
        }
        URI parsed = FlagValues.parseUri(u, "--url", url);
        if (parsed.getScheme() == null || !Set.of("http", "https").contains(parsed.getScheme()) || parsed.getHost() == null) {
            throw u.error("--url must be an http:// or https:// URL with a host, such as https://fleet.example:8220 (got \"" + url + "\")");
        }
        return parsed;
    }
}
