package io.seriesflow.protocol;

import io.seriesflow.engine.PointBatch;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Collects parsed points, checking each one and the per-request limit, and turns them into a
 * {@link PointBatch}. Not thread-safe: one per parse.
 */
final class PointCollector {
    /** Largest accepted timestamp: the last millisecond of the year 9999. */
    static final long MAX_TIMESTAMP = 253_402_300_799_999L;
    private static final Pattern NUMBER = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,19}");

    private final int maxPoints;
    private long[] timestamps = new long[16];
    private double[] values = new double[16];
    private int size;

    PointCollector(int maxPoints) {
        this.maxPoints = maxPoints;
    }

    int size() {
        return size;
    }

    /** Adds a point; {@code timestamp} may be {@link PointBatch#NOW}. */
    void add(String location, long timestamp, double value) {
        if (!Double.isFinite(value)) {
            throw new IngestFormatException(location, "value is not a finite number");
        }
        if (timestamp != PointBatch.NOW && (timestamp < 0 || timestamp > MAX_TIMESTAMP)) {
            throw new IngestFormatException(location, "ts " + timestamp + " is outside 0.." + MAX_TIMESTAMP
                    + " (milliseconds since 1970-01-01T00:00Z)");
        }
        if (size == maxPoints) {
            throw new IngestLimitException(maxPoints);
        }
        if (size == values.length) {
            timestamps = Arrays.copyOf(timestamps, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        timestamps[size] = timestamp;
        values[size] = value;
        size++;
    }

    PointBatch toBatch() {
        if (size == 0) {
            throw new IngestFormatException(null, "the body holds no points");
        }
        return new PointBatch(Arrays.copyOf(timestamps, size), Arrays.copyOf(values, size));
    }

    /** A decimal number in plain or exponent notation (no NaN, Infinity or hex), as a finite double. */
    static double parseValue(String location, String text) {
        String trimmed = text.trim();
        if (!NUMBER.matcher(trimmed).matches()) {
            throw new IngestFormatException(location, "value '" + abbreviate(trimmed) + "' is not a number");
        }
        double value = Double.parseDouble(trimmed);
        if (!Double.isFinite(value)) {
            throw new IngestFormatException(location, "value '" + abbreviate(trimmed) + "' is not a finite double");
        }
        return value;
    }

    /** A whole number of milliseconds. */
    static long parseTimestamp(String location, String text) {
        String trimmed = text.trim();
        if (!INTEGER.matcher(trimmed).matches()) {
            throw new IngestFormatException(location, "ts '" + abbreviate(trimmed)
                    + "' is not a whole number of milliseconds");
        }
        try {
            long value = Long.parseLong(trimmed);
            if (value == PointBatch.NOW) {
                throw new NumberFormatException("reserved");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IngestFormatException(location, "ts '" + trimmed + "' is out of range");
        }
    }

    static long timestampFromJson(String location, BigDecimal number) {
        try {
            if (number.scale() < -19 || number.precision() - number.scale() > 19) {
                throw new ArithmeticException("too large");
            }
            long value = number.longValueExact();
            if (value == PointBatch.NOW) {
                throw new ArithmeticException("reserved");
            }
            return value;
        } catch (ArithmeticException e) {
            throw new IngestFormatException(location, "ts " + abbreviate(number.toString())
                    + " is not a whole number of milliseconds");
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
