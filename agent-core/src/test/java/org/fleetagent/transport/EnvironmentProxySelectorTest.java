package org.fleetagent.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentProxySelectorTest {
    private static URI proxyFor(Map<String, String> env, String target) {
        return new EnvironmentProxySelector(env).proxyFor(URI.create(target));
    }

    @Test
    void httpsTargetsUseHttpsProxyUpperCaseFirst() {
        Map<String, String> env = Map.of("HTTPS_PROXY", "http://upper:3128", "https_proxy", "http://lower:3128", "HTTP_PROXY", "http://plain:3128");
        assertEquals(URI.create("http://upper:3128"), proxyFor(env, "https://fleet.example:8220"));
        assertEquals(URI.create("http://plain:3128"), proxyFor(env, "http://fleet.example:8220"));
        assertEquals(URI.create("http://lower:3128"), proxyFor(Map.of("https_proxy", "http://lower:3128"), "https://fleet.example"));
        assertNull(proxyFor(Map.of("HTTP_PROXY", "http://plain:3128"), "https://fleet.example"), "HTTPS_PROXY does not fall back to HTTP_PROXY, as in Go");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ftp://p:3128", "socks4://p:1080", "gopher://p"})
    void aSchemeNoProxySpeaksIsRefusedNamingTheVariable(String value) {
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.fleetagent.errors.AgentException.class,
                () -> new EnvironmentProxySelector(Map.of("https_proxy", value)));
        assertEquals(org.fleetagent.errors.ExitCode.USAGE, e.exitCode());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("the environment variable https_proxy has scheme "), e.getMessage());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("use an http://, https:// or socks5:// URL (got \"" + value + "\")"),
                e.getMessage());
    }

    @Test
    void loopbackIsNeverProxied() {
        Map<String, String> env = Map.of("HTTPS_PROXY", "http://p:3128");
        assertNull(proxyFor(env, "https://localhost:8220"));
        assertNull(proxyFor(env, "https://127.0.0.1:8220"));
        assertNull(proxyFor(env, "https://[::1]:8220"));
        assertEquals(URI.create("http://p:3128"), proxyFor(env, "https://vm:8220"), "names are not resolved to decide");
    }

    @Test
    void noProxyRules() {
        Map<String, String> env = Map.of("HTTPS_PROXY", "p:3128", "NO_PROXY", "example.com, .internal,10.0.0.0/8,fleet.other:9000");
        assertEquals(URI.create("http://p:3128"), proxyFor(env, "https://fleet.elsewhere"), "a proxy without scheme is http");
        assertNull(proxyFor(env, "https://example.com"));
        assertNull(proxyFor(env, "https://fleet.example.com"), "subdomains match");
        assertEquals(URI.create("http://p:3128"), proxyFor(env, "https://notexample.com"));
        assertNull(proxyFor(env, "https://a.b.internal"));
        assertNull(proxyFor(env, "https://10.1.2.3"));
        assertNull(proxyFor(env, "https://fleet.other:9000"));
        assertEquals(URI.create("http://p:3128"), proxyFor(env, "https://fleet.other:8220"), "the port must match");
        assertNull(proxyFor(Map.of("HTTPS_PROXY", "p:3128", "no_proxy", "*"), "https://anything"));
    }
}
