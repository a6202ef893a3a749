package io.seriesflow.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.engine.Dataset;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DatasetReaderTest {
    private final DatasetReader reader = new DatasetReader();

    private Dataset read(String json) {
        return reader.read("data.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private String failure(String json) {
        return assertThrows(DatasetFormatException.class, () -> read(json)).getMessage();
    }

    @Test
    void readsTheDemoFormatAndIgnoresOtherMembers() {
        Dataset dataset = read("""
                [{"value": 1.5}, {"value": -2, "unit": "C", "tags": {"a": [1, 2]}}, {"note": null, "value": 3e2}]
                """);

        assertEquals(3, dataset.size());
        assertEquals(1.5, dataset.valueAt(0));
        assertEquals(-2, dataset.valueAt(1));
        assertEquals(300, dataset.valueAt(2));
        assertEquals("data.json", dataset.origin());
    }

    @Test
    void anEmptyFileIsRefused() {
        assertTrue(failure("").startsWith("data.json: "), failure(""));
    }

    @Test
    void anEmptyArrayIsRefused() {
        assertEquals("data.json: the array is empty; a dataset needs at least one value", failure("[]"));
    }

    @Test
    void aTopLevelObjectIsRefused() {
        assertTrue(failure("{\"value\": 1}").contains("expected a JSON array"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            [{"value": 1}, {"value": "2"}]            | element 1 (line 1, column 29) has a "value" that is not a number
            [{"value": 1},{"value": 1}, {"v": 3}]     | element 2 (line 1, column 30) has no "value"
            [{"value": 1}, 5]                         | element 1 (line 1, column 17) is not an object
            [{"value": 1e400}]                 | element 0 (line 1, column 17) has a "value" that is not a finite double
            [{"value": null}]                         | element 0 (line 1, column 16) has a "value" that is not a number
            """)
    void badElementsAreNamedByIndexAndPosition(String json, String expected) {
        String message = failure(json);
        assertTrue(message.startsWith("data.json: "), message);
        assertTrue(message.contains(expected), message);
    }

    @Test
    void malformedJsonNamesTheLineAndColumn() {
        String message = failure("[\n{\"value\": 1},\n{\"value\": 2,,}\n]");
        assertTrue(message.startsWith("data.json: malformed JSON (line 3, column"), message);
    }

    @Test
    void aTruncatedFileIsRefused() {
        assertTrue(failure("[{\"value\": 1}, {\"val").startsWith("data.json: malformed JSON"));
    }
}
