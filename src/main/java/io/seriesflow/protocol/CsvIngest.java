package io.seriesflow.protocol;

import io.seriesflow.engine.PointBatch;

/**
 * CSV ingest bodies: each line is {@code ts,value} or {@code value}; an optional first line {@code ts,value} or
 * {@code value} is a header; blank lines are skipped. Stateless.
 */
final class CsvIngest {
    private CsvIngest() {
    }

    static PointBatch parse(String body, int maxPoints) {
        PointCollector points = new PointCollector(maxPoints);
        String[] lines = body.split("\r?\n", -1);
        boolean first = true;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (first && isHeader(line)) {
                first = false;
                continue;
            }
            first = false;
            String location = "line " + (i + 1);
            String[] fields = line.split(",", -1);
            if (fields.length == 1) {
                points.add(location, PointBatch.NOW, PointCollector.parseValue(location, fields[0]));
            } else if (fields.length == 2) {
                points.add(location, PointCollector.parseTimestamp(location, fields[0]),
                        PointCollector.parseValue(location, fields[1]));
            } else {
                throw new IngestFormatException(location, "expected 'ts,value' or 'value', found "
                        + fields.length + " fields");
            }
        }
        return points.toBatch();
    }

    private static boolean isHeader(String line) {
        String normalised = line.replace(" ", "").replace("\"", "");
        return normalised.equalsIgnoreCase("ts,value") || normalised.equalsIgnoreCase("value");
    }
}
