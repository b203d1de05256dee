package org.fleetagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {
    @Test
    void hidesCredentialsProxyPasswordsAndHeaderValuesButKeepsWhereTheyGo() {
        Map<String, Object> tree = Map.of("fleet", Map.of(
                "access_api_key", "id:secret",
                "proxy_url", "http://agent:pw123@proxy.example:3128",
                "proxy_headers", Map.of("Proxy-Authorization", "Basic abc"),
                "hosts", List.of("https://fleet.example:8220"),
                "enrollment_token_path", "/etc/token"));

        Map<?, ?> fleet = (Map<?, ?>) Redaction.redact(tree).get("fleet");

        assertEquals("<REDACTED>", fleet.get("access_api_key"));
        assertEquals("http://agent:<REDACTED>@proxy.example:3128", fleet.get("proxy_url"));
        assertEquals(Map.of("Proxy-Authorization", "<REDACTED>"), fleet.get("proxy_headers"));
        assertEquals(List.of("https://fleet.example:8220"), fleet.get("hosts"));
        assertEquals("/etc/token", fleet.get("enrollment_token_path"));
    }
}
