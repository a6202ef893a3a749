package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.EmbeddedTomcat;
import io.seriesflow.testkit.HeadlessChromium;
import io.seriesflow.testkit.V1Client;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** The operations page in headless Chromium, under the page's Content-Security-Policy, driven by keyboard. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OperationsPageIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOKEN = "ops-secret";

    @BeforeAll
    static void requireBrowser() {
        HeadlessChromium.requireInstalled();
    }

    @Test
    void refusesAWrongTokenThenListsTheConnectedClientAndItsStream() throws IOException {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start("/seriesflow", Map.of("seriesflow.ops-token", TOKEN,
                "seriesflow.generators", "sine:sine:100"), Map.of());
             V1Client client = V1Client.connect(HTTP, tomcat.wsUri(), "seriesflow.v1")) {
            client.subscribe("sine");
            Awaits.await("sine points", Duration.ofSeconds(10), () -> !client.seqs("sine").isEmpty());
            ChromeDriver driver = HeadlessChromium.start(1280, 900);
            try {
                driver.get(tomcat.baseUri() + "ops/");
                Awaits.await("the token field to have the focus", Duration.ofSeconds(10),
                        () -> "token".equals(driver.switchTo().activeElement().getAttribute("id")));
                driver.switchTo().activeElement().sendKeys("not-the-token" + Keys.ENTER);
                Awaits.await("the refusal", Duration.ofSeconds(10),
                        () -> text(driver, "message").contains("refused"), () -> text(driver, "message"));
                assertEquals("–", text(driver, "connection-count"), "nothing shown without the token");
                assertEquals(1, rows(driver, "connections").size(), "only the header row");

                driver.switchTo().activeElement().sendKeys(TOKEN + Keys.ENTER);
                Awaits.await("the connection listed", Duration.ofSeconds(15),
                        () -> "1".equals(text(driver, "connection-count")), () -> text(driver, "message"));
                List<String> connection = cells(rows(driver, "connections").get(1));
                assertEquals("seriesflow.v1", connection.get(1), connection.toString());
                assertEquals("127.0.0.1", connection.get(2), connection.toString());
                assertEquals("sine", connection.get(3), connection.toString());
                List<String> sine = rows(driver, "streams").stream().skip(1).map(OperationsPageIT::cells)
                        .filter(cells -> cells.get(0).equals("sine")).findFirst().orElseThrow();
                assertEquals("1", sine.get(2), "one subscriber: " + sine);
                assertEquals("ready", text(driver, "ready"));
                Files.createDirectories(Path.of("target", "screenshots"));
                Files.write(Path.of("target", "screenshots", "operations-page.png"),
                        driver.getScreenshotAs(OutputType.BYTES));
                List<String> errors = HeadlessChromium.consoleErrors(driver).stream()
                        .filter(message -> !message.contains("401")).toList();
                assertEquals(List.of(), errors, "no console error (CSP included) but the refused token's 401");
            } finally {
                driver.quit();
            }
        }
    }

    private static String text(ChromeDriver driver, String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private static List<WebElement> rows(ChromeDriver driver, String table) {
        return driver.findElement(By.id(table)).findElements(By.tagName("tr"));
    }

    private static List<String> cells(WebElement row) {
        return row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
    }
}
