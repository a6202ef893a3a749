package io.seriesflow.protocol;

import io.seriesflow.engine.PointBatch;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import java.io.StringReader;
import java.util.NoSuchElementException;

/** JSON and NDJSON ingest bodies. Stateless. */
final class JsonIngest {
    private JsonIngest() {
    }

    /** One object or an array of objects. */
    static PointBatch parseDocument(String body, int maxPoints) {
        PointCollector points = new PointCollector(maxPoints);
        try (JsonParser parser = JsonFactories.PARSERS.createParser(new StringReader(body))) {
            Event first = next(parser, null);
            if (first == Event.START_OBJECT) {
                readPoint(parser, "point 0", points);
            } else if (first == Event.START_ARRAY) {
                for (Event event = next(parser, null); event != Event.END_ARRAY; event = next(parser, null)) {
                    String location = "point " + points.size();
                    if (event != Event.START_OBJECT) {
                        throw new IngestFormatException(location, "expected an object {\"ts\"?: ms, \"value\": v}");
                    }
                    readPoint(parser, location, points);
                }
            } else {
                throw new IngestFormatException(null, "expected an object or an array of objects");
            }
            if (parser.hasNext()) {
                throw new IngestFormatException(null, "unexpected content after the JSON value");
            }
        } catch (JsonException e) {
            throw new IngestFormatException("point " + points.size(), "malformed JSON: " + e.getMessage());
        }
        return points.toBatch();
    }

    /** One object per line; blank lines are skipped. */
    static PointBatch parseLines(String body, int maxPoints) {
        PointCollector points = new PointCollector(maxPoints);
        String[] lines = body.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String location = "line " + (i + 1);
            try (JsonParser parser = JsonFactories.PARSERS.createParser(new StringReader(lines[i]))) {
                if (next(parser, location) != Event.START_OBJECT) {
                    throw new IngestFormatException(location, "expected an object {\"ts\"?: ms, \"value\": v}");
                }
                readPoint(parser, location, points);
                if (parser.hasNext()) {
                    throw new IngestFormatException(location, "unexpected content after the object");
                }
            } catch (JsonException e) {
                throw new IngestFormatException(location, "malformed JSON: " + e.getMessage());
            }
        }
        return points.toBatch();
    }

    private static void readPoint(JsonParser parser, String location, PointCollector points) {
        long timestamp = PointBatch.NOW;
        boolean hasTimestamp = false;
        Double value = null;
        for (Event event = next(parser, location); event != Event.END_OBJECT; event = next(parser, location)) {
            String key = parser.getString();
            if (key.equals("ts") && hasTimestamp || key.equals("value") && value != null) {
                throw new IngestFormatException(location, "duplicate member \"" + key + "\"");
            }
            Event valueEvent = next(parser, location);
            switch (key) {
                case "ts" -> {
                    hasTimestamp = true;
                    if (valueEvent != Event.VALUE_NUMBER) {
                        throw new IngestFormatException(location, "\"ts\" must be a number of milliseconds");
                    }
                    timestamp = PointCollector.timestampFromJson(location, number(parser, location, key));
                }
                case "value" -> {
                    if (valueEvent != Event.VALUE_NUMBER) {
                        throw new IngestFormatException(location, "\"value\" must be a number");
                    }
                    value = number(parser, location, key).doubleValue();
                }
                default -> throw new IngestFormatException(location, "unknown member \""
                        + PointCollector.abbreviate(key) + "\" (allowed: ts, value)");
            }
        }
        if (value == null) {
            throw new IngestFormatException(location, "missing \"value\"");
        }
        points.add(location, timestamp, value);
    }

    /** The number at the parser, refusing ones too large to represent (such as 1e999999999999). */
    private static java.math.BigDecimal number(JsonParser parser, String location, String member) {
        try {
            return parser.getBigDecimal();
        } catch (NumberFormatException | ArithmeticException | UnsupportedOperationException e) {
            throw new IngestFormatException(location, "\"" + member + "\" is out of range");
        }
    }

    private static Event next(JsonParser parser, String location) {
        try {
            return parser.next();
        } catch (NoSuchElementException e) {
            throw new IngestFormatException(location, "the JSON ends too early");
        }
    }
}
