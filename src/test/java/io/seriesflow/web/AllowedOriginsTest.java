package io.seriesflow.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Origin checks compare scheme, host and port; upgrades are recognised as the containers recognise them. */
class AllowedOriginsTest {
    private static final AllowedOrigins LISTED = AllowedOrigins.of(List.of("https://example.com",
            "http://localhost:8080"));
    private static final AllowedOrigins SAME_ORIGIN = AllowedOrigins.of(List.of());

    @Test
    void listedOriginsMatchBySchemeHostAndPortWithDefaultPortsMadeExplicit() {
        assertTrue(LISTED.allows("https://example.com", "ignored"));
        assertTrue(LISTED.allows("https://EXAMPLE.com:443", "ignored"));
        assertTrue(LISTED.allows("http://localhost:8080", "ignored"));
        assertFalse(LISTED.allows("http://example.com", "ignored"), "another scheme");
        assertFalse(LISTED.allows("https://example.com:8443", "ignored"), "another port");
        assertFalse(LISTED.allows("https://example.com.evil.test", "ignored"), "another host");
        assertFalse(LISTED.allows("http://localhost", "ignored"), "port 80 is not 8080");
    }

    @Test
    void theNullOriginAndJunkAreNeverAllowedNotEvenByTheWildcard() {
        AllowedOrigins any = AllowedOrigins.of(List.of("*"));
        assertTrue(any.allows("https://anything.test:1234", "x"));
        for (AllowedOrigins origins : List.of(any, LISTED, SAME_ORIGIN)) {
            assertFalse(origins.allows("null", "localhost:8080"));
            assertFalse(origins.allows("", "localhost:8080"));
            assertFalse(origins.allows("https://example.com/path", "example.com"));
            assertFalse(origins.allows("file://example.com", "example.com"));
        }
    }

    @Test
    void anEmptyListMeansTheHostHeadersHostAndPortWithThePortDefaultedByTheOriginsScheme() {
        assertTrue(SAME_ORIGIN.allows("http://app.test:8080", "app.test:8080"));
        assertTrue(SAME_ORIGIN.allows("https://app.test", "app.test"), "443 from the scheme on both sides");
        assertTrue(SAME_ORIGIN.allows("https://app.test", "app.test:443"));
        assertTrue(SAME_ORIGIN.allows("http://app.test", "APP.test:80"));
        assertTrue(SAME_ORIGIN.allows("http://[::1]:8080", "[::1]:8080"));
        assertFalse(SAME_ORIGIN.allows("http://app.test", "app.test:443"), "http defaults to 80");
        assertFalse(SAME_ORIGIN.allows("https://app.test", "app.test:80"));
        assertFalse(SAME_ORIGIN.allows("http://app.test:8080", "app.test:8081"));
        assertFalse(SAME_ORIGIN.allows("http://evil.test:8080", "app.test:8080"));
        assertFalse(SAME_ORIGIN.allows("http://app.test", null));
        assertFalse(SAME_ORIGIN.allows("http://app.test", "app.test:x"));
    }

    @Test
    void originsParseToSchemeHostAndExplicitPort() {
        assertEquals(Optional.of(new WebOrigin("https", "example.com", 443)), WebOrigin.parse("https://Example.COM"));
        assertEquals(Optional.of(new WebOrigin("http", "[::1]", 80)), WebOrigin.parse("http://[::1]"));
        assertEquals(Optional.empty(), WebOrigin.parse("https://user@example.com"));
        assertEquals(Optional.empty(), WebOrigin.parse("https://example.com?x"));
    }

    @Test
    void anyWebsocketTokenInAnyUpgradeHeaderIsAnUpgrade() {
        assertTrue(WebSocketHandshakeFilter.isWebSocketUpgrade(withUpgrade("websocket")));
        assertTrue(WebSocketHandshakeFilter.isWebSocketUpgrade(withUpgrade("WebSocket")));
        assertTrue(WebSocketHandshakeFilter.isWebSocketUpgrade(withUpgrade("websocket, h2c")));
        assertTrue(WebSocketHandshakeFilter.isWebSocketUpgrade(withUpgrade("h2c ,  websocket")));
        assertTrue(WebSocketHandshakeFilter.isWebSocketUpgrade(withUpgrade("h2c", "websocket")));
        assertFalse(WebSocketHandshakeFilter.isWebSocketUpgrade(withUpgrade("h2c")));
        assertFalse(WebSocketHandshakeFilter.isWebSocketUpgrade(withUpgrade()));
        assertFalse(WebSocketHandshakeFilter.isWebSocketUpgrade(withUpgrade("websockets")));
    }

    private static HttpServletRequest withUpgrade(String... values) {
        return (HttpServletRequest) Proxy.newProxyInstance(AllowedOriginsTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getHeaders") && "Upgrade".equalsIgnoreCase((String) args[0])) {
                        return Collections.enumeration(List.of(values));
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
