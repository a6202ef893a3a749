package io.seriesflow.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.engine.Dataset;
import io.seriesflow.testkit.DemoDatasetGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The bundled demo dataset is valid, large enough, and exactly what its generator makes. */
class DemoDatasetFileTest {
    @Test
    void theBundledDatasetIsReproducibleFromItsGenerator() throws IOException {
        assertEquals(DemoDatasetGenerator.generate(),
                Files.readString(DemoDatasetGenerator.FILE, StandardCharsets.UTF_8),
                "regenerate with DemoDatasetGenerator.main");
    }

    @Test
    void theBundledDatasetLoadsWithAtLeastTenThousandValues() throws IOException {
        try (InputStream input = getClass().getClassLoader().getResourceAsStream("seriesflow/demo-dataset.json")) {
            Dataset dataset = new DatasetReader().read("bundled", input);
            assertEquals(DemoDatasetGenerator.LENGTH, dataset.size());
            assertTrue(dataset.size() >= 10_000);
        }
    }
}
