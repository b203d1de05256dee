package org.fleetagent.enroll;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fleetagent.config.GoDuration;
import org.fleetagent.config.YamlCodec;
import org.fleetagent.config.YamlFiles;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;
import org.fleetagent.json.Json;
import org.fleetagent.platform.AgentPaths;
import org.fleetagent.store.EncryptedStore;
import org.fleetagent.store.FileVault;
import org.fleetagent.tls.Pin;
import org.fleetagent.tls.TlsSettings;
import org.fleetagent.tls.VerificationMode;
import org.fleetagent.transport.ProxySettings;
import org.fleetagent.transport.TransportSettings;

/**
 * {@code --delay-enroll}: the enrollment options kept for the first start of the service. The real agent writes
 * them, token included, in plaintext to {@code enroll.yml}; here they go encrypted with the vault key to
 * {@code <config>/enroll.enc}, under the same keys as enroll.yml.
 */
public final class DelayedEnrollment {
    private final AgentPaths paths;

    public DelayedEnrollment(AgentPaths paths) {
        this.paths = paths;
    }

    public Path file() {
        return paths.delayedEnroll();
    }

    public boolean pending() {
        return Files.exists(paths.delayedEnroll());
    }

    public void save(EnrollOptions o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", o.url().toString());
        TlsSettings tls = o.transport().tls();
        putList(m, "ca", tls.certificateAuthorities());
        putList(m, "ca_sha256", tls.caSha256().stream().map(Pin::base64).toList());
        putString(m, "certificate", tls.certificate());
        putString(m, "key", tls.key());
        if (tls.keyPassphrasePath() != null) {
            m.put("key_passphrase_path", tls.keyPassphrasePath().toString());
        }
        if (o.insecure()) {
            m.put("insecure", true);
        }
        putString(m, "id", o.agentId());
        putString(m, "replace_token", o.replaceToken());
        putString(m, "enrollment_key", o.enrollmentToken());
        putString(m, "staging", o.stagingHash());
        if (!o.headers().isEmpty()) {
            m.put("headers", o.headers());
        }
        ProxySettings p = o.transport().proxy();
        if (p.url() != null) {
            m.put("proxy_url", p.url().toString());
        }
        if (p.disabled()) {
            m.put("proxy_disabled", true);
        }
        if (p.headers() != null && !p.headers().isEmpty()) {
            m.put("proxy_headers", p.headers());
        }
        putList(m, "tags", o.tags());
        m.put("enroll_timeout", GoDuration.format(o.enrollTimeout()));
        try {
            store().save(YamlCodec.dumpBytes(m));
        } catch (IOException e) {
            throw new AgentException(ExitCode.FAILURE, "cannot write " + paths.delayedEnroll() + ": " + e.getMessage(), e);
        }
    }

    /** The kept options, or empty when no delayed enrollment is pending. */
    public Optional<EnrollOptions> load() {
        byte[] plain = store().load();
        if (plain.length == 0) {
            return Optional.empty();
        }
        Kept m = Json.convert(YamlFiles.parse(plain, "the delayed enrollment in " + paths.delayedEnroll(),
                "enroll again (with --delay-enroll to delay it once more)"), Kept.class);
        boolean insecure = Boolean.TRUE.equals(m.insecure());
        String passphrase = str(m.key_passphrase_path());
        TlsSettings tls = new TlsSettings(list(m.ca()), list(m.ca_sha256()).stream().map(Pin::parse).toList(),
                insecure ? VerificationMode.NONE : VerificationMode.FULL, blankToNull(str(m.certificate())),
                blankToNull(str(m.key())), passphrase.isEmpty() ? null : Path.of(passphrase));
        String proxyUrl = str(m.proxy_url());
        ProxySettings proxy = new ProxySettings(proxyUrl.isEmpty() ? null : URI.create(proxyUrl), map(m.proxy_headers()),
                Boolean.TRUE.equals(m.proxy_disabled()), null);
        String timeout = str(m.enroll_timeout());
        return Optional.of(new EnrollOptions(URI.create(str(m.url())), str(m.enrollment_key()), str(m.id()),
                str(m.replace_token()), list(m.tags()), map(m.headers()),
                new TransportSettings(tls, proxy, Duration.ofMinutes(10), Duration.ofSeconds(30)), insecure,
                timeout.isEmpty() ? Duration.ofMinutes(10) : GoDuration.parse(timeout), str(m.staging()), false));
    }

    /** enroll.enc's keys, as {@link #save} writes them (enroll.yml's names). */
    record Kept(String url, List<String> ca, List<String> ca_sha256, String certificate, String key,
                String key_passphrase_path, Boolean insecure, String id, String replace_token, String enrollment_key,
                String staging, Map<String, String> headers, String proxy_url, Boolean proxy_disabled,
                Map<String, String> proxy_headers, List<String> tags, String enroll_timeout) {
    }

    /** Removes the kept options after the enrollment succeeded. */
    public void clear() throws IOException {
        Files.deleteIfExists(paths.delayedEnroll());
    }

    private EncryptedStore store() {
        return new EncryptedStore(paths.delayedEnroll(), new FileVault(paths.vault()));
    }

    private static void putList(Map<String, Object> m, String k, List<String> v) {
        if (v != null && !v.isEmpty()) {
            m.put(k, v);
        }
    }

    private static void putString(Map<String, Object> m, String k, String v) {
        if (v != null && !v.isEmpty()) {
            m.put(k, v);
        }
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }

    private static String blankToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static List<String> list(List<String> l) {
        return l == null ? new ArrayList<>() : new ArrayList<>(l);
    }

    private static Map<String, String> map(Map<String, String> m) {
        return m == null ? new LinkedHashMap<>() : new LinkedHashMap<>(m);
    }
}
