package org.fleetagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlsTest {
    @ParameterizedTest
    @ValueSource(strings = {"https://fleet:70000", "http://fleet:99999/", "http://fleet:0", "http://user:pw@[::1]:65536",
            "https://fleet:99999999999/path"})
    void aPortOutOfRangeIsRefusedNamingIt(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Urls.parse(url));
        assertTrue(e.getMessage().startsWith("has port "), e.getMessage());
        assertTrue(e.getMessage().contains("use a port from 1 to 65535"), e.getMessage());
        assertTrue(!e.getMessage().contains("pw@"), "no password: " + e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://fleet:8220", "http://fleet", "http://[::1]:65535/x", "socks5://p:1080"})
    void portsInRangePass(String url) {
        assertEquals(url, Urls.parse(" " + url + " ").toString());
    }
}
