package io.seriesflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The page's script URLs carry the versions of TimeChart and d3 (so they can be cached for good): pom.xml names
 * them once, and they must be the versions package-lock.json installs and package.json asks for.
 */
class VendorVersionsTest {
    private static final Map<String, String> PROPERTY_BY_PACKAGE = Map.of("timechart", "timechart.version",
            "d3", "d3.version");

    @Test
    void thePomsVendorVersionsAreTheLockfilesAndThePageUsesThem() throws Exception {
        Element properties = (Element) DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("pom.xml").toFile()).getElementsByTagName("properties").item(0);
        JsonObject lock = json("package-lock.json").getJsonObject("packages");
        JsonObject wanted = json("package.json").getJsonObject("dependencies");
        String page = Files.readString(Path.of("webapp/index.html"));
        PROPERTY_BY_PACKAGE.forEach((name, property) -> {
            String version = properties.getElementsByTagName(property).item(0).getTextContent().trim();
            assertEquals(lock.getJsonObject("node_modules/" + name).getString("version"), version,
                    property + " in pom.xml and package-lock.json");
            assertEquals(wanted.getString(name), version, property + " in pom.xml and package.json");
            assertTrue(page.contains("src=\"vendor/" + name + "/${" + property + "}/dist/"),
                    "index.html loads " + name + " from its versioned path");
        });
    }

    private static JsonObject json(String file) throws IOException {
        try (Reader reader = Files.newBufferedReader(Path.of(file))) {
            return Json.createReader(reader).readObject();
        }
    }
}
