package io.seriesflow.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.seriesflow.engine.PointBatch;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of every ingest parser: a well-formed body parses to exactly its points, and any mutation of one
 * (truncation, insertion, replacement, random garbage) either still parses or fails with one of the two
 * documented exceptions, never anything else. The HTTP layer maps those two to 4xx, so no input can cause a 5xx.
 */
class IngestFuzzTest {
    private static final String JUNK = "{}[],:\"\\ \n\r\t-+.eE0123456789abcxyzvaluetsNaInfy=i#\u00e9\u0000";

    record Sample(long ts, double value) {
    }

    @Provide
    Arbitrary<List<Sample>> samples() {
        Arbitrary<Long> ts = Arbitraries.longs().between(0, PointCollector.MAX_TIMESTAMP);
        Arbitrary<Double> value = Arbitraries.oneOf(Arbitraries.doubles().between(-1e12, 1e12),
                Arbitraries.of(0.0, -0.5, 1e-300, 1e300, Double.MAX_VALUE, -Double.MIN_VALUE));
        return Combinators.combine(ts, value).as(Sample::new).list().ofMinSize(1).ofMaxSize(20);
    }

    static String render(IngestFormat format, List<Sample> samples) {
        StringBuilder body = new StringBuilder();
        switch (format) {
            case JSON -> {
                body.append('[');
                for (int i = 0; i < samples.size(); i++) {
                    body.append(i > 0 ? "," : "").append("{\"ts\":").append(samples.get(i).ts())
                            .append(",\"value\":").append(samples.get(i).value()).append('}');
                }
                body.append(']');
            }
            case NDJSON -> samples.forEach(s -> body.append("{\"ts\":").append(s.ts()).append(",\"value\":")
                    .append(s.value()).append("}\n"));
            case CSV -> {
                body.append("ts,value\n");
                samples.forEach(s -> body.append(s.ts()).append(',').append(s.value()).append('\n'));
            }
            case INFLUX_LINE_PROTOCOL -> samples.forEach(s -> body.append("m,host=h value=")
                    .append(String.format(Locale.ROOT, "%s", s.value())).append(' ').append(s.ts()).append('\n'));
        }
        return body.toString();
    }

    @Property(tries = 300)
    void wellFormedBodiesParseToExactlyTheirPoints(@ForAll("samples") List<Sample> samples,
                                                   @ForAll IngestFormat format) {
        String precision = format == IngestFormat.INFLUX_LINE_PROTOCOL ? "ms" : null;
        PointBatch batch = format.parse(render(format, samples), 1_000, precision);

        assertEquals(samples.size(), batch.size());
        for (int i = 0; i < samples.size(); i++) {
            assertEquals(samples.get(i).ts(), batch.timestampAt(i));
            assertEquals(samples.get(i).value(), batch.valueAt(i));
        }
    }

    @Property(tries = 2_500)
    void mutatedBodiesParseOrFailWithADocumentedError(@ForAll("samples") List<Sample> samples,
                                                      @ForAll IngestFormat format,
                                                      @ForAll @IntRange(min = 0, max = 10_000) int position,
                                                      @ForAll @IntRange(min = 0, max = 3) int mutation,
                                                      @ForAll("junk") String junk) {
        String body = render(format, samples);
        int at = position % (body.length() + 1);
        String mutated = switch (mutation) {
            case 0 -> body.substring(0, at);
            case 1 -> body.substring(0, at) + junk + body.substring(at);
            case 2 -> body.substring(0, at) + junk + body.substring(Math.min(body.length(), at + junk.length()));
            default -> junk;
        };
        parseOrDocumentedFailure(format, mutated);
    }

    @Property(tries = 1_000)
    void randomTextNeverEscapesAsAnUnexpectedException(@ForAll IngestFormat format, @ForAll("junk") String junk) {
        parseOrDocumentedFailure(format, junk);
    }

    @Provide
    Arbitrary<String> junk() {
        return Arbitraries.strings().withChars(JUNK.toCharArray()).ofMinLength(0).ofMaxLength(40);
    }

    private static void parseOrDocumentedFailure(IngestFormat format, String body) {
        try {
            PointBatch batch = format.parse(body, 50, null);
            for (int i = 0; i < batch.size(); i++) {
                assertEquals(true, Double.isFinite(batch.valueAt(i)), "only finite values get through");
            }
        } catch (IngestFormatException | IngestLimitException expected) {
            assertEquals(false, expected.getMessage().isBlank(), "every refusal says why");
        }
    }

    @Provide
    Arbitrary<String> numberish() {
        return Arbitraries.strings().withChars("0123456789eE+-.".toCharArray()).ofMinLength(1).ofMaxLength(30);
    }

    @Property(tries = 1_500)
    void anyNumberLikeTokenAsTsOrValueParsesOrIsRefused(@ForAll IngestFormat format,
                                                        @ForAll("numberish") String ts,
                                                        @ForAll("numberish") String value) {
        String body = switch (format) {
            case JSON -> "[{\"ts\":" + ts + ",\"value\":" + value + "}]";
            case NDJSON -> "{\"ts\":" + ts + ",\"value\":" + value + "}";
            case CSV -> ts + "," + value;
            case INFLUX_LINE_PROTOCOL -> "m value=" + value + " " + ts;
        };
        parseOrDocumentedFailure(format, body);
    }

    @Provide
    Arbitrary<String> fieldKeys() {
        return Arbitraries.strings().withChars("ab,= \\\"xyz".toCharArray()).ofMinLength(1).ofMaxLength(12)
                .filter(key -> !key.equals("value"));
    }

    /** Escapes a field key as line protocol writers do: comma, equals sign, space and backslash. */
    static String escapeFieldKey(String key) {
        return key.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=").replace(" ", "\\ ");
    }

    @Property(tries = 500)
    void anyEscapedFieldKeyNamesItsField(@ForAll("fieldKeys") String key, @ForAll("samples") List<Sample> samples) {
        StringBuilder body = new StringBuilder();
        samples.forEach(s -> body.append("m,tag=t up=true,").append(escapeFieldKey(key)).append('=')
                .append(s.value()).append(",note=\"a, b = c\" ").append(s.ts()).append('\n'));
        PointBatch batch = IngestFormat.INFLUX_LINE_PROTOCOL.parse(body.toString(), 1_000, "ms");

        assertEquals(samples.size(), batch.size());
        for (int i = 0; i < samples.size(); i++) {
            assertEquals(samples.get(i).value(), batch.valueAt(i));
        }
    }

    @Property(tries = 500)
    void integerFieldsParseExactlyAndFractionsOrNegativeUnsignedAreRefused(
            @ForAll long whole, @ForAll @IntRange(min = 1, max = 999) int frac) {
        assertEquals((double) whole, IngestFormat.INFLUX_LINE_PROTOCOL.parse("m value=" + whole + "i", 1, null)
                .valueAt(0));
        assertRefused("m value=" + whole + "." + frac + "i");
        if (whole < 0) {
            assertRefused("m value=" + whole + "u");
        } else {
            assertEquals((double) whole, IngestFormat.INFLUX_LINE_PROTOCOL.parse("m value=" + whole + "u", 1, null)
                    .valueAt(0));
        }
    }

    @Property(tries = 300)
    void aPointWithARepeatedMemberIsRefused(@ForAll("samples") List<Sample> samples,
                                            @ForAll @IntRange(min = 0, max = 19) int at,
                                            @ForAll boolean repeatTs, @ForAll boolean ndjson) {
        String[] points = samples.stream().map(s -> "{\"ts\":" + s.ts() + ",\"value\":" + s.value() + "}")
                .toArray(String[]::new);
        int index = at % points.length;
        String member = repeatTs ? "\"ts\":1" : "\"value\":1";
        points[index] = points[index].substring(0, points[index].length() - 1) + "," + member + "}";
        String body = ndjson ? String.join("\n", points) : "[" + String.join(",", points) + "]";
        IngestFormatException refused = org.junit.jupiter.api.Assertions.assertThrows(IngestFormatException.class,
                () -> (ndjson ? IngestFormat.NDJSON : IngestFormat.JSON).parse(body, 1_000, null));

        assertEquals((ndjson ? "line " + (index + 1) : "point " + index) + ": duplicate member \""
                + (repeatTs ? "ts" : "value") + "\"", refused.getMessage());
    }

    private static void assertRefused(String line) {
        try {
            IngestFormat.INFLUX_LINE_PROTOCOL.parse(line, 1, null);
            throw new AssertionError("accepted " + line);
        } catch (IngestFormatException expected) {
            assertEquals(true, expected.getMessage().contains("is not a whole number"), expected.getMessage());
        }
    }
}
