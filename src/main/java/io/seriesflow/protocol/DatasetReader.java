package io.seriesflow.protocol;

import io.seriesflow.engine.Dataset;
import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the dataset format: a JSON array of objects, each with a numeric {@code value}
 * ({@code [{"value": 21.4}, {"value": 21.5}]}). Other members of an object are ignored.
 *
 * <p>Stateless and thread-safe. Streams the input, so a large file is never held as a JSON tree.
 */
public final class DatasetReader {
    private static final String VALUE = "value";

    /**
     * Reads and closes the stream.
     *
     * @param origin the file's name, used in the dataset and in every error message
     * @throws DatasetFormatException when the file is empty, malformed, or an element has no finite numeric value
     */
    public Dataset read(String origin, InputStream input) {
        try (Reader reader = new InputStreamReader(input, StandardCharsets.UTF_8);
             JsonParser parser = JsonFactories.PARSERS.createParser(reader)) {
            return Dataset.of(origin, readValues(origin, parser));
        } catch (JsonParsingException e) {
            throw new DatasetFormatException(origin + ": malformed JSON" + at(e.getLocation()) + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new DatasetFormatException(origin + ": cannot be read: " + e.getMessage(), e);
        } catch (jakarta.json.JsonException e) {
            throw new DatasetFormatException(origin + ": malformed JSON: " + e.getMessage(), e);
        }
    }

    private static double[] readValues(String origin, JsonParser parser) {
        if (!parser.hasNext()) {
            throw new DatasetFormatException(origin + ": the file is empty; expected a JSON array of {\"value\": n}");
        }
        if (parser.next() != Event.START_ARRAY) {
            throw new DatasetFormatException(origin + ": expected a JSON array of {\"value\": n}"
                    + at(parser.getLocation()));
        }
        double[] values = new double[1024];
        int count = 0;
        for (Event event = parser.next(); event != Event.END_ARRAY; event = parser.next()) {
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count] = readElement(origin, parser, event, count);
            count++;
        }
        if (count == 0) {
            throw new DatasetFormatException(origin + ": the array is empty; a dataset needs at least one value");
        }
        return Arrays.copyOf(values, count);
    }

    private static double readElement(String origin, JsonParser parser, Event start, int index) {
        JsonLocation elementStart = parser.getLocation();
        if (start != Event.START_OBJECT) {
            throw elementError(origin, index, elementStart, "is not an object with a numeric \"value\"");
        }
        Double value = null;
        for (Event event = parser.next(); event != Event.END_OBJECT; event = parser.next()) {
            String key = parser.getString();
            Event valueEvent = parser.next();
            if (!VALUE.equals(key)) {
                skip(parser, valueEvent);
                continue;
            }
            if (valueEvent != Event.VALUE_NUMBER) {
                throw elementError(origin, index, parser.getLocation(), "has a \"value\" that is not a number");
            }
            BigDecimal number;
            try {
                number = parser.getBigDecimal();
            } catch (NumberFormatException | ArithmeticException | UnsupportedOperationException e) {
                throw elementError(origin, index, parser.getLocation(), "has a \"value\" that is out of range");
            }
            double asDouble = number.doubleValue();
            if (!Double.isFinite(asDouble)) {
                throw elementError(origin, index, parser.getLocation(),
                        "has a \"value\" that is not a finite double: " + number);
            }
            value = asDouble;
        }
        if (value == null) {
            throw elementError(origin, index, elementStart, "has no \"value\"");
        }
        return value;
    }

    private static void skip(JsonParser parser, Event valueEvent) {
        if (valueEvent == Event.START_OBJECT) {
            parser.skipObject();
        } else if (valueEvent == Event.START_ARRAY) {
            parser.skipArray();
        }
    }

    private static DatasetFormatException elementError(String origin, int index, JsonLocation location,
                                                       String problem) {
        return new DatasetFormatException(origin + ": element " + index + at(location) + " " + problem);
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNumber() < 0) {
            return "";
        }
        return " (line " + location.getLineNumber() + ", column " + location.getColumnNumber() + ")";
    }
}
