package io.seriesflow.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.engine.Dataset;
import io.seriesflow.protocol.DatasetFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDatasetTest {
    @TempDir
    Path dir;

    @Test
    void loadsTheBundledDatasetOnceAndKeepsIt() {
        DemoDataset holder = new DemoDataset();

        Dataset first = holder.load(Optional.empty());
        Dataset second = holder.load(Optional.of("/ignored/after/the/first/load.json"));

        assertEquals("classpath:seriesflow/demo-dataset.json", first.origin());
        assertSame(first, second);
    }

    @Test
    void loadsAConfiguredFile() throws IOException {
        Path file = Files.writeString(dir.resolve("mine.json"), "[{\"value\": 4}, {\"value\": 5}]");

        Dataset dataset = new DemoDataset().load(Optional.of(file.toString()));

        assertEquals(2, dataset.size());
        assertEquals(file.toAbsolutePath().toString(), dataset.origin());
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.json");
        String message = assertThrows(DatasetFormatException.class,
                () -> new DemoDataset().load(Optional.of(missing.toString()))).getMessage();
        assertTrue(message.startsWith(missing.toAbsolutePath() + ": dataset file not found"), message);
    }
}
