package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.EmbeddedTomcat;
import io.seriesflow.testkit.HeadlessChromium;
import io.seriesflow.testkit.Http;
import io.seriesflow.testkit.TcpProxy;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/** The page's rough edges, each as a person meets it in headless Chromium against the WAR in embedded Tomcat. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PageRoughEdgesIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EmbeddedTomcat tomcat;

    @BeforeAll
    static void start() {
        HeadlessChromium.requireInstalled();
        tomcat = EmbeddedTomcat.start("/seriesflow", Map.of("seriesflow.tick-interval-ms", "50",
                "seriesflow.generators", "sine:sine:50"), Map.of());
    }

    @AfterAll
    static void stop() {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    private static Object page(ChromeDriver driver, String expression) {
        return driver.executeScript("const p = window.seriesflowPage; return p ? " + expression + " : null;");
    }

    private static String text(ChromeDriver driver, String expression) {
        Object value = page(driver, expression);
        return value == null ? "" : value.toString();
    }

    /** Picks a time window as a person does: opens the list and clicks the option. */
    static void chooseWindow(ChromeDriver driver, String millis) {
        driver.findElement(By.id("window")).click();
        driver.findElement(By.cssSelector("#window option[value='" + millis + "']")).click();
    }

    private static void awaitLive(ChromeDriver driver, String stream, long points) {
        Awaits.await(stream + " to hold " + points + " points", Duration.ofSeconds(30),
                () -> PageChecks.held(driver, stream) >= points,
                () -> text(driver, "JSON.stringify(p.snapshot().plot)"));
    }

    @Test
    void theAddressFollowsTheSelectionAndTheWindowAndAnUnknownStreamIsReportedAndUnticked() {
        ChromeDriver driver = HeadlessChromium.start(1280, 860);
        try {
            driver.get(tomcat.baseUri() + "?streams=demo,nosuch");
            Awaits.await("the unknown stream to be reported", Duration.ofSeconds(15),
                    () -> text(driver, "p.message").contains("'nosuch'"), () -> text(driver, "p.message"));
            Awaits.await("the stream list", Duration.ofSeconds(15),
                    () -> !driver.findElements(By.cssSelector("#streams input[value=sine]")).isEmpty());
            assertTrue(driver.findElements(By.cssSelector("#streams input[value=nosuch]:checked")).isEmpty(),
                    "the unknown stream is not ticked");
            assertEquals(List.of("demo"), page(driver, "p.selected"));
            assertEquals("?streams=demo&window=30s", driver.executeScript("return location.search"));

            driver.findElement(By.cssSelector("#streams input[value=sine]")).click();
            chooseWindow(driver, "300000");
            Awaits.await("the address to follow", Duration.ofSeconds(5),
                    () -> "?streams=demo,sine&window=5m".equals(driver.executeScript("return location.search")));

            driver.get(driver.getCurrentUrl());
            Awaits.await("the shared address to show the same view", Duration.ofSeconds(15), () -> !driver
                    .findElements(By.cssSelector("#streams input[value=sine]:checked")).isEmpty());
            assertEquals("300000", driver.executeScript("return document.getElementById('window').value"));
            awaitLive(driver, "sine", 20);
            assertEquals(List.of(), HeadlessChromium.consoleErrors(driver));
        } finally {
            driver.quit();
        }
    }

    @Test
    void theStreamListMessageClearsOnceTheListLoads() {
        ChromeDriver driver = HeadlessChromium.start(1280, 860);
        try {
            // The first request for the list fails as if the server had a moment's trouble; the next succeeds.
            driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                    (() => { const real = window.fetch; let failed = false;
                      window.fetch = function (input, init) {
                        if (!failed && String(input).includes('api/streams')) {
                          failed = true; window.__listFailed = true;
                          return Promise.resolve(new Response('', { status: 503 }));
                        }
                        return real.apply(this, arguments);
                      }; })();"""));
            driver.get(tomcat.baseUri().toString());
            Awaits.await("the failure to be reported", Duration.ofSeconds(10),
                    () -> text(driver, "p.message").startsWith("stream list unavailable (HTTP 503)"));
            Awaits.await("the list to load and the message to clear", Duration.ofSeconds(10),
                    () -> text(driver, "p.message").isEmpty()
                            && !driver.findElements(By.cssSelector("#streams input")).isEmpty(),
                    () -> text(driver, "p.message"));
            assertEquals("", driver.findElement(By.id("message")).getText());
        } finally {
            driver.quit();
        }
    }

    @Test
    void latencyCountsOnlyLivePointsAndIsNeverNegative() {
        // Five seconds of history, so that the backfill's points are old enough to show if they were counted.
        Awaits.await("five seconds of demo history", Duration.ofSeconds(15), () -> {
            HttpResponse<String> first = Http.get(HTTP, tomcat.baseUri().resolve("api/streams/demo/points?limit=1"));
            return first.statusCode() == 200 && first.body().contains("[[") && System.currentTimeMillis()
                    - Http.json(first).getJsonArray("points").getJsonArray(0).getJsonNumber(1).longValue() >= 5_000;
        });
        try (TcpProxy network = TcpProxy.to(tomcat.port())) {
            ChromeDriver driver = HeadlessChromium.start(1280, 860);
            try {
                driver.get("http://127.0.0.1:" + network.port() + tomcat.baseUri().getPath() + "?streams=demo");
                awaitLive(driver, "demo", 100);
                long before = PageChecks.held(driver, "demo");
                network.down();
                Awaits.await("the page to notice the outage", Duration.ofSeconds(10),
                        () -> !"live".equals(text(driver, "p.state")));
                long downAt = System.nanoTime();
                Awaits.await("five seconds of outage", Duration.ofSeconds(10),
                        () -> System.nanoTime() - downAt >= 5_000_000_000L);
                network.up();
                Awaits.await("the page to resume and replay the outage", Duration.ofSeconds(30),
                        () -> "live".equals(text(driver, "p.state")) && PageChecks.held(driver, "demo") > before + 150,
                        () -> text(driver, "JSON.stringify(p.latency)"));
                Awaits.await("a status refresh", Duration.ofSeconds(5),
                        () -> !driver.findElement(By.id("latency")).getText().equals("–"));

                double worst = ((Number) page(driver, "p.latency.max")).doubleValue();
                assertTrue(worst < 2_000, "neither the backfill's points nor those replayed after five seconds away"
                        + " are counted: " + worst + " ms");
                String shown = driver.findElement(By.id("latency")).getText();
                assertTrue(shown.matches("(≤ )?\\d+ ms · p99 (≤ )?\\d+ ms"), shown);
                assertFalse(shown.contains("-"), "never negative: " + shown);
                assertTrue(driver.findElement(By.id("clock-offset")).getText().matches("±\\d+ ms"));
            } finally {
                driver.quit();
            }
        }
    }

    @Test
    void theChartKeepsLinesAndBandsInsideThePlotAndLabelsInsideTheChartInOneFormat() {
        ChromeDriver driver = HeadlessChromium.start(1280, 860);
        try {
            driver.get(tomcat.baseUri() + "?streams=demo");
            awaitLive(driver, "demo", 200);
            assertLabels(driver, "\\d\\d:\\d\\d:\\d\\d");
            assertEquals("Server room temperature (°C)", driver.findElement(By.cssSelector("#legend li")).getText());
            assertEquals("°C", driver.executeScript(
                    "return document.querySelector('#chart').shadowRoot.querySelector('text.y-unit').textContent"));

            WebElement chart = driver.findElement(By.id("chart"));
            driver.executeScript("arguments[0].focus()", chart);
            // Zoomed in on the middle of the window, the line goes on past both edges of the plot.
            long drawn = ((Number) page(driver, "p.snapshot().framesDrawn")).longValue();
            new Actions(driver).sendKeys("+").sendKeys("+").sendKeys(Keys.ARROW_RIGHT).perform();
            Awaits.await("the zoomed chart to be drawn", Duration.ofSeconds(5),
                    () -> ((Number) page(driver, "p.snapshot().framesDrawn")).longValue() > drawn + 1);
            ChartPixels pixels = ChartPixels.capture(driver, chart);
            ChartPixels.Span inside = pixels.span(ChartPixels.BLUE);
            ChartPixels.Span left = pixels.span(ChartPixels.BLUE, 0, pixels.plot().left() - 1);
            ChartPixels.Span right = pixels.span(ChartPixels.BLUE, pixels.plot().right() + 2, 10_000);
            assertTrue(inside.columns() > 100, "zoomed in, the line is drawn in the plot: " + inside);
            assertEquals(0, left.columns() + right.columns(), "and cut at its edges, away from the labels: "
                    + left + " " + right);
            assertLabels(driver, "\\d\\d:\\d\\d:\\d\\d");

            chooseWindow(driver, "300000");
            Awaits.await("the five-minute window", Duration.ofSeconds(5),
                    () -> ((Number) page(driver, "p.snapshot().windowMs")).longValue() == 300_000);
            assertLabels(driver, "\\d\\d:\\d\\d:\\d\\d");
            assertEquals(List.of(), HeadlessChromium.consoleErrors(driver));
        } finally {
            driver.quit();
        }
    }

    /** Every time label in one format, every label (time and value) wholly inside the chart. */
    @SuppressWarnings("unchecked")
    private static void assertLabels(ChromeDriver driver, String timeFormat) {
        Awaits.await("a redraw", Duration.ofSeconds(2), () -> true);
        Map<String, Object> labels = (Map<String, Object>) driver.executeScript("""
                const chart = document.querySelector('#chart');
                const box = chart.getBoundingClientRect();
                const groups = [...chart.shadowRoot.querySelectorAll('svg > g[transform]')];
                const texts = (g) => [...g.querySelectorAll('.tick text')];
                const outside = groups.flatMap(texts).filter((t) => { const r = t.getBoundingClientRect();
                  return r.left < box.left || r.right > box.right || r.top < box.top || r.bottom > box.bottom; })
                  .map((t) => t.textContent);
                const x = groups.filter((g) => g.getAttribute('transform').startsWith('translate(0,'))
                  .flatMap(texts).map((t) => t.textContent);
                return { outside, x };""");
        assertEquals(List.of(), labels.get("outside"), "labels cut by the chart's edge");
        List<String> times = (List<String>) labels.get("x");
        assertTrue(times.size() >= 3, "time labels: " + times);
        assertTrue(times.stream().allMatch(t -> t.matches(timeFormat)), "one format: " + times);
    }

    @Test
    void theKeyboardPansZoomsAndFollowsLive() {
        ChromeDriver driver = HeadlessChromium.start(1280, 860);
        try {
            driver.get(tomcat.baseUri() + "?streams=demo");
            awaitLive(driver, "demo", 50);
            driver.findElement(By.id("reset-y")).sendKeys(Keys.TAB);
            assertEquals("chart", driver.executeScript("return document.activeElement.id"), "Tab reaches the chart");

            List<Double> start = domain(driver);
            new Actions(driver).sendKeys(Keys.ARROW_LEFT).perform();
            List<Double> panned = domain(driver);
            assertEquals(false, page(driver, "p.snapshot().follow"), "panning pauses following");
            assertEquals(start.get(1) - start.get(0), panned.get(1) - panned.get(0), 1e-6);
            assertTrue(panned.get(1) < start.get(1) - 5_000, "left by a fifth of the span: " + start + " " + panned);
            assertEquals("Follow live", driver.findElement(By.id("follow")).getText());

            new Actions(driver).sendKeys("-").perform();
            List<Double> out = domain(driver);
            assertTrue(out.get(1) - out.get(0) > 40_000, "zoomed out: " + out);
            new Actions(driver).sendKeys("+").sendKeys("+").perform();
            List<Double> in = domain(driver);
            assertTrue(in.get(1) - in.get(0) < 25_000, "zoomed in: " + in);

            new Actions(driver).sendKeys(Keys.HOME).perform();
            Awaits.await("following live again", Duration.ofSeconds(5), () -> Boolean.TRUE.equals(page(driver,
                    "p.snapshot().follow")));
            List<Double> live = domain(driver);
            assertEquals(30_000, live.get(1) - live.get(0), 1, "the chosen window again");
            assertEquals("Pause", driver.findElement(By.id("follow")).getText());
        } finally {
            driver.quit();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Double> domain(ChromeDriver driver) {
        return ((List<Number>) page(driver, "p.snapshot().plot.domain")).stream().map(Number::doubleValue).toList();
    }

    @Test
    void theStatusBarFitsA1280PixelWindowOnOneLine() {
        ChromeDriver driver = HeadlessChromium.start(1280, 860);
        try {
            driver.get(tomcat.baseUri() + "?streams=demo,sine");
            awaitLive(driver, "demo", 50);
            Awaits.await("a status refresh", Duration.ofSeconds(5),
                    () -> !driver.findElement(By.id("latency")).getText().equals("–"));
            assertOneLine(driver);
            driver.executeScript("document.getElementById('connection-state').textContent ="
                    + " 'reconnecting: closed (1006); retrying in 12.5 s'; document.getElementById('points-received')"
                    + ".textContent = '999.9M'");
            assertOneLine(driver);
        } finally {
            driver.quit();
        }
    }

    private static void assertOneLine(ChromeDriver driver) {
        @SuppressWarnings("unchecked")
        Map<String, Object> layout = (Map<String, Object>) driver.executeScript("""
                const status = document.querySelector('.status');
                const tops = [...status.children].map((c) => c.getBoundingClientRect().top);
                return { rows: new Set(tops).size, fits: status.scrollWidth <= status.clientWidth,
                  width: window.innerWidth, items: [...status.children].map((c) => Math.round(c.getBoundingClientRect()
                    .right) + ' ' + c.textContent.trim().replace(/\\s+/g, ' ')) };""");
        assertEquals(1280L, ((Number) layout.get("width")).longValue());
        assertEquals(1L, ((Number) layout.get("rows")).longValue(), "one line: " + layout);
        assertEquals(true, layout.get("fits"), "nothing cut off: " + layout);
    }
}
