package io.seriesflow.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.engine.PointBatch;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Examples of every ingest format, good and bad; {@code IngestFuzzTest} covers the space around them. */
class IngestFormatTest {
    private static PointBatch parse(IngestFormat format, String body) {
        return format.parse(body, 100, null);
    }

    private static long[] timestamps(PointBatch batch) {
        long[] ts = new long[batch.size()];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = batch.timestampAt(i);
        }
        return ts;
    }

    private static double[] values(PointBatch batch) {
        double[] vs = new double[batch.size()];
        for (int i = 0; i < vs.length; i++) {
            vs[i] = batch.valueAt(i);
        }
        return vs;
    }

    @Test
    void contentTypesChooseTheFormat() {
        assertEquals(Optional.of(IngestFormat.JSON), IngestFormat.forContentType("application/json; charset=utf-8"));
        assertEquals(Optional.of(IngestFormat.NDJSON), IngestFormat.forContentType("application/x-ndjson"));
        assertEquals(Optional.of(IngestFormat.CSV), IngestFormat.forContentType("TEXT/CSV"));
        assertEquals(Optional.of(IngestFormat.INFLUX_LINE_PROTOCOL), IngestFormat.forContentType("text/plain"));
        assertEquals(Optional.empty(), IngestFormat.forContentType("application/xml"));
        assertEquals(Optional.empty(), IngestFormat.forContentType(null));
    }

    @Test
    void jsonTakesOneObjectOrAnArray() {
        PointBatch one = parse(IngestFormat.JSON, "{\"value\": 1.5}");
        PointBatch many = parse(IngestFormat.JSON, "[{\"ts\": 1000, \"value\": 1}, {\"value\": -2e3, \"ts\": 2000}]");

        assertArrayEquals(new long[] {PointBatch.NOW}, timestamps(one));
        assertArrayEquals(new double[] {1.5}, values(one));
        assertArrayEquals(new long[] {1000, 2000}, timestamps(many));
        assertArrayEquals(new double[] {1, -2000}, values(many));
    }

    @Test
    void ndjsonTakesOneObjectPerLineAndSkipsBlankLines() {
        PointBatch batch = parse(IngestFormat.NDJSON, "{\"ts\":1,\"value\":1}\n\n{\"value\":2}\r\n");
        assertArrayEquals(new long[] {1, PointBatch.NOW}, timestamps(batch));
    }

    @Test
    void csvTakesTsValueOrValueWithAnOptionalHeader() {
        PointBatch batch = parse(IngestFormat.CSV, "ts,value\n1000,1.5\n2000, -3\n\n");
        PointBatch bare = parse(IngestFormat.CSV, "value\n4\n5.25\n");

        assertArrayEquals(new long[] {1000, 2000}, timestamps(batch));
        assertArrayEquals(new double[] {1.5, -3}, values(batch));
        assertArrayEquals(new double[] {4, 5.25}, values(bare));
    }

    @Test
    void lineProtocolTakesTheValueFieldOrTheOnlyNumericField() {
        PointBatch batch = IngestFormat.INFLUX_LINE_PROTOCOL.parse("""
                # comment
                cpu,host=a\\ b value=1.5 1700000000000000000
                cpu,host=a usage=42i,up=true,label="x y" 1700000000001000000
                temp value=3u
                """, 100, null);

        assertArrayEquals(new long[] {1_700_000_000_000L, 1_700_000_000_001L, PointBatch.NOW}, timestamps(batch));
        assertArrayEquals(new double[] {1.5, 42, 3}, values(batch));
    }

    @Test
    void lineProtocolFieldKeysTakeTheDocumentedEscapes() {
        PointBatch batch = IngestFormat.INFLUX_LINE_PROTOCOL.parse(String.join("\n",
                "m va\\=lue=1,value=2",
                "m a\\,b\\ c\\=d=3",
                "m\\ x,t\\=1=v\\,2 label=\"say \\\"hi\\\", a=b\\\\\",n=4i",
                "m value=5,va\\=lue=6"), 10, null);

        assertArrayEquals(new double[] {2, 3, 4, 5}, values(batch));
    }

    @Test
    void lineProtocolIntegersAreWholeAndUnsignedOnesNotNegative() {
        PointBatch batch = IngestFormat.INFLUX_LINE_PROTOCOL.parse(
                "m value=-42i\nm value=+7i\nm value=0u\nm value=18446744073709551615u\nm value=-9223372036854775808i",
                10, null);

        assertArrayEquals(new double[] {-42, 7, 0, 1.8446744073709552e19, -9.223372036854776e18}, values(batch));
    }

    @Test
    void lineProtocolPrecisionScalesTimestamps() {
        assertEquals(1_700_000_000_000L, IngestFormat.INFLUX_LINE_PROTOCOL
                .parse("m value=1 1700000000", 10, "s").timestampAt(0));
        assertEquals(1_700_000_000_123L, IngestFormat.INFLUX_LINE_PROTOCOL
                .parse("m value=1 1700000000123456", 10, "us").timestampAt(0));
        assertThrows(IngestFormatException.class, () -> IngestFormat.INFLUX_LINE_PROTOCOL
                .parse("m value=1 1", 10, "minutes"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            JSON                 | [{"value": 1}, {"value": "2"}]      | point 1: "value" must be a number
            JSON | [{"value": 1}, {"vaule": 2}] | point 1: unknown member "vaule" (allowed: ts, value)
            JSON | [{"ts": 1.5, "value": 2}] | point 0: ts 1.5 is not a whole number of milliseconds
            JSON                 | [{"ts": -1, "value": 2}]            | point 0: ts -1 is outside
            JSON                 | {"value": 1e999}                    | point 0: value is not a finite number
            JSON                 | [{"ts": 1e95973630422, "value": 2}] | point 0: "ts" is out of range
            JSON                 | [{"ts": 1, "value": 1e95973630422}] | point 0: "value" is out of range
            JSON                 | [{"ts": 1e30, "value": 1}]          | point 0: ts 1E+30 is not a whole number
            JSON                 | [{"ts": 1}]                         | point 0: missing "value"
            JSON                 | []                                  | the body holds no points
            JSON                 | 42                                  | expected an object or an array of objects
            JSON                 | [{"value": 1}                       | point 1: malformed JSON
            NDJSON               | '{"value":1}\n{"value":nan}'        | line 2: malformed JSON
            CSV                  | 'ts,value\n1,2\n3,abc'              | line 3: value 'abc' is not a number
            CSV | '1,2,3' | line 1: expected 'ts,value' or 'value', found 3 fields
            CSV                  | 'NaN'                               | line 1: value 'NaN' is not a number
            CSV | '1.5,2' | line 1: ts '1.5' is not a whole number of milliseconds
            INFLUX_LINE_PROTOCOL | 'cpu' | line 1: expected 'measurement[,tags] fields [timestamp]'
            INFLUX_LINE_PROTOCOL | 'cpu a=1,b=2' | line 1: expected a field named 'value' or exactly one numeric field
            INFLUX_LINE_PROTOCOL | 'cpu value="x"'                     | line 1: field 'value' is not a finite number
            INFLUX_LINE_PROTOCOL | 'cpu value=1 abc'                   | line 1: ts 'abc' is not a whole number
            INFLUX_LINE_PROTOCOL | 'cpu value=1.5i' | line 1: field 'value' is an integer (suffix i) but '1.5i' is not
            INFLUX_LINE_PROTOCOL | 'cpu value=-1u' | line 1: field 'value' is unsigned (suffix u) but '-1u' is not
            INFLUX_LINE_PROTOCOL | 'cpu value=1.0u' | line 1: field 'value' is unsigned (suffix u) but '1.0u' is not
            INFLUX_LINE_PROTOCOL | 'cpu value=1e3i' | line 1: field 'value' is an integer (suffix i) but '1e3i' is not
            INFLUX_LINE_PROTOCOL | 'cpu value=9223372036854775808i' | line 1: field 'value' is an integer (suffix i)
            INFLUX_LINE_PROTOCOL | 'cpu value=18446744073709551616u' | line 1: field 'value' is unsigned (suffix u)
            INFLUX_LINE_PROTOCOL | 'cpu value=1,' | line 1: field '' is not name=value
            INFLUX_LINE_PROTOCOL | 'cpu a\\=b' | line 1: field 'a\\=b' is not name=value
            JSON | {"value": 1, "value": 2} | point 0: duplicate member "value"
            JSON | [{"value": 1}, {"ts": 1, "value": 2, "ts": 3}] | point 1: duplicate member "ts"
            NDJSON | '{"value":1}\n{"ts":1,"ts":1,"value":2}' | line 2: duplicate member "ts"
            """)
    void badBodiesNameThePointOrLineAndTheReason(IngestFormat format, String body, String expected) {
        String unescaped = body.replace("\\n", "\n");
        IngestFormatException failure = assertThrows(IngestFormatException.class, () -> parse(format, unescaped));
        assertTrue(failure.getMessage().startsWith(expected), failure.getMessage());
    }

    @Test
    void moreThanTheLimitIsRefusedAsAWhole() {
        assertThrows(IngestLimitException.class, () -> IngestFormat.CSV.parse("1\n2\n3\n", 2, null));
    }

    @Test
    void numbersTooLongForTheJsonParserAreRefusedNotFailed() {
        String huge = "1".repeat(1_200);
        assertThrows(IngestFormatException.class, () -> parse(IngestFormat.JSON, "{\"value\": " + huge + "}"));
        assertThrows(IngestFormatException.class,
                () -> parse(IngestFormat.NDJSON, "{\"ts\": " + huge + ", \"value\": 1}"));
    }

    @Test
    void theSmallestLongIsNotMistakenForNoTimestamp() {
        assertThrows(IngestFormatException.class, () -> parse(IngestFormat.CSV, "-9223372036854775808,1"));
        assertThrows(IngestFormatException.class,
                () -> parse(IngestFormat.JSON, "{\"ts\": -9223372036854775808, \"value\": 1}"));
    }
}
