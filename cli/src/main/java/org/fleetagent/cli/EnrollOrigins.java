package org.fleetagent.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fleetagent.store.SettingOrigins;
import org.fleetagent.store.SettingOrigins.Origin;

/**
 * Which flag, or which environment variable of the container, gave each Fleet connection setting of an enrollment;
 * stored with it so that {@code inspect --explain} can say where a value came from.
 */
final class EnrollOrigins {
    /** Settings the container filled from its environment, by setting name; they win over the flag they stand for. */
    private final Map<String, Origin> fromEnvironment = new LinkedHashMap<>();

    void environment(String setting, String variable) {
        fromEnvironment.put(setting, Origin.env(variable));
    }

    /** The origins of the settings {@code f} holds. */
    SettingOrigins of(EnrollFlags f) {
        Map<String, Origin> out = new LinkedHashMap<>();
        flag(out, f.target.url != null, SettingOrigins.URL, "--url");
        flag(out, !f.target.headers.isEmpty(), SettingOrigins.HEADERS, "--header");
        flag(out, !f.tls.certificateAuthorities.isEmpty(), SettingOrigins.CAS, "--certificate-authorities");
        flag(out, !f.tls.caSha256.isEmpty(), SettingOrigins.PINS, "--ca-sha256");
        flag(out, f.tls.verificationMode != null, SettingOrigins.MODE, "--verification-mode");
        flag(out, f.tls.insecure, SettingOrigins.MODE, "--insecure");
        flag(out, f.clientCert.cert != null, SettingOrigins.CERT, "--elastic-agent-cert");
        flag(out, f.proxy.url != null, SettingOrigins.PROXY_URL, "--proxy-url");
        flag(out, !f.proxy.headers.isEmpty(), SettingOrigins.PROXY_HEADERS, "--proxy-header");
        flag(out, f.proxy.disabled, SettingOrigins.PROXY_DISABLE, "--proxy-disabled");
        fromEnvironment.forEach((setting, origin) -> {
            if (out.containsKey(setting)) {
                out.put(setting, origin);
            }
        });
        return new SettingOrigins(out);
    }

    private static void flag(Map<String, Origin> out, boolean given, String setting, String name) {
        if (given) {
            out.put(setting, Origin.flag(name));
        }
    }
}
