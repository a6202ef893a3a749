package io.seriesflow.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Pattern;

/** The page and everything it references by a relative URL (scripts, stylesheet, icon, licences, API links). */
public final class PageAssets {
    /** src and href attributes holding relative URLs, as index.html writes them. */
    private static final Pattern RELATIVE_REFERENCE = Pattern.compile("(?:src|href)=\"([a-z][^\":]*)\"");

    private PageAssets() {
    }

    /** GETs the page at {@code base}, then everything it references; each must answer 200. Returns those URLs. */
    public static List<URI> pageAndAssetsAnswer(HttpClient http, URI base) {
        HttpResponse<String> page = Http.get(http, base);
        assertEquals(200, page.statusCode(), "the page at " + base);
        List<URI> assets = RELATIVE_REFERENCE.matcher(page.body()).results().map(m -> base.resolve(m.group(1)))
                .toList();
        assertTrue(assets.stream().anyMatch(uri -> uri.getPath().endsWith("timechart.min.js")), assets.toString());
        assertTrue(assets.stream().anyMatch(uri -> uri.getPath().endsWith("js/app.js")), assets.toString());
        for (URI asset : assets) {
            assertEquals(200, Http.statusOrMinusOne(http, asset), asset.toString());
        }
        return assets;
    }
}
