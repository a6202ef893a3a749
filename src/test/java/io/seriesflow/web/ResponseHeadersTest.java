package io.seriesflow.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Which headers the page, static files, versioned scripts and the API get. */
class ResponseHeadersTest {
    @Test
    void thePageAndOurModulesAreRevalidatedAndVersionedScriptsCachedForGood() {
        assertEquals("no-cache", ResponseHeaders.forPath("/", "h").get("Cache-Control"));
        assertEquals("no-cache", ResponseHeaders.forPath("/js/app.js", "h").get("Cache-Control"));
        assertEquals("no-cache", ResponseHeaders.forPath("/vendor/d3/LICENSE", "h").get("Cache-Control"));
        assertEquals("public, max-age=31536000, immutable",
                ResponseHeaders.forPath("/vendor/d3/7.9.0/dist/d3.min.js", "h").get("Cache-Control"));
        assertEquals("public, max-age=31536000, immutable", ResponseHeaders
                .forPath("/vendor/timechart/1.0.0-beta.10/dist/timechart.min.js", "h").get("Cache-Control"));
        assertFalse(ResponseHeaders.forPath("/api/info", "h").containsKey("Cache-Control"), "the API says no-store");
    }

    @Test
    void everyResponseForbidsFramingAndSniffingAndThePageAllowsOnlyItsOwnOriginAndWebSocket() {
        for (String path : new String[] {"/", "/css/app.css", "/api/info", "/api/streams/x/points"}) {
            Map<String, String> headers = ResponseHeaders.forPath(path, "example.com:8080");
            assertEquals("nosniff", headers.get("X-Content-Type-Options"), path);
            assertEquals("no-referrer", headers.get("Referrer-Policy"), path);
            assertTrue(headers.get("Content-Security-Policy").contains("frame-ancestors 'none'"), path);
            assertTrue(headers.get("Content-Security-Policy").startsWith("default-src 'none'"), path);
        }
        String page = ResponseHeaders.forPath("/", "example.com:8080").get("Content-Security-Policy");
        assertTrue(page.contains("script-src 'self';"), page);
        assertTrue(page.contains("connect-src 'self' ws://example.com:8080 wss://example.com:8080;"), page);
        assertTrue(ResponseHeaders.forPath("/", "[::1]:80").get("Content-Security-Policy")
                .contains("connect-src 'self' ws://[::1]:80 wss://[::1]:80;"));
        String hostile = ResponseHeaders.forPath("/", "x; script-src *").get("Content-Security-Policy");
        assertTrue(hostile.contains("connect-src 'self';") && !hostile.contains("script-src *"), hostile);
        assertEquals("default-src 'none'; frame-ancestors 'none'",
                ResponseHeaders.forPath("/api/info", "h").get("Content-Security-Policy"));
    }

    /** The style texts TimeChart inserts, hashed as browsers hash a style element's text. */
    @Test
    void theAllowedStyleHashesAreThoseOfTheTimeChartTheBuildShips() throws IOException, NoSuchAlgorithmException {
        String script = Files.readString(Path.of("node_modules/timechart/dist/timechart.min.js"));
        Matcher styles = Pattern.compile("(innerText|textContent)=\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(script);
        Set<String> hashes = new TreeSet<>();
        while (styles.find()) {
            String text = styles.group(2).replace("\\n", "\n").replace("\\\"", "\"");
            // innerText turns each line break into a <br> element: the style's text is what lies between them.
            String styleText = styles.group(1).equals("innerText") ? text.replace("\n", "") : text;
            hashes.add("sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(styleText.getBytes(StandardCharsets.UTF_8))));
        }
        assertEquals(hashes, new TreeSet<>(ResponseHeaders.TIMECHART_STYLE_HASHES));
    }
}
