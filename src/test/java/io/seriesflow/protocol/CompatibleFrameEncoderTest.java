package io.seriesflow.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.seriesflow.engine.Point;
import io.seriesflow.engine.StreamId;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class CompatibleFrameEncoderTest {
    private final CompatibleFrameEncoder encoder = new CompatibleFrameEncoder();

    @Test
    void writesSeqTsAndValue() {
        assertEquals("{\"seq\":7,\"ts\":1764400000123,\"value\":21.5}",
                encoder.encode(StreamId.of("demo"), new Point(7, 1_764_400_000_123L, 21.5)));
    }

    @Test
    void everyFiniteDoubleIsValidJsonThatRoundTrips() {
        double[] values = {0, 1e-300, -1e300, Double.MIN_VALUE, Double.MAX_VALUE, 123456789.125, -3};
        for (double value : values) {
            String frame = encoder.encode(StreamId.of("demo"), new Point(1, 2, value));
            JsonObject parsed = Json.createReader(new StringReader(frame)).readObject();
            assertEquals(value, parsed.getJsonNumber("value").doubleValue(), frame);
        }
    }
}
