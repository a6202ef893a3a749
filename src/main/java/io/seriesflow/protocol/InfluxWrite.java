package io.seriesflow.protocol;

import io.seriesflow.engine.PointBatch;
import io.seriesflow.engine.StreamId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The body of an InfluxDB write ({@code /api/v2/write}, {@code /write}) as points per stream: every numeric field
 * of every line is one point of the stream the {@link StreamNameTemplate} names for its measurement, tags and
 * field, as InfluxDB keeps one series per measurement, tag set and field. String and boolean fields are not
 * numbers and are skipped. Immutable.
 *
 * @param batches the points of each stream, streams in the order of their first point, points in line order
 * @param points how many points in all
 */
public record InfluxWrite(Map<StreamId, PointBatch> batches, int points) {
    public InfluxWrite {
        batches = Collections.unmodifiableMap(new LinkedHashMap<>(batches));
    }

    /**
     * Parses a whole body, which must be UTF-8 line protocol.
     *
     * @param precision ns, us, ms or s (InfluxDB 2), or n, u, m, h (InfluxDB 1); nanoseconds when blank
     * @throws IngestFormatException naming the line and the reason
     * @throws IngestLimitException when the body holds more than {@code maxPoints} numeric fields
     */
    public static InfluxWrite parse(byte[] utf8, int maxPoints, String precision, StreamNameTemplate names) {
        String body = IngestFormat.utf8(utf8);
        long nanosPerUnit = LineProtocolIngest.nanosPerUnit(precision);
        Map<StreamId, PointCollector> streams = new LinkedHashMap<>();
        String[] lines = body.split("\r?\n", -1);
        int points = 0;
        boolean anyLine = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            anyLine = true;
            String location = "line " + (i + 1);
            List<String> sections = LineProtocolIngest.sections(location, line);
            if (sections.size() < 2 || sections.size() > 3) {
                throw new IngestFormatException(location, "expected 'measurement[,tags] fields [timestamp]'");
            }
            SeriesKey key = SeriesKey.parse(location, sections.get(0));
            long timestamp = sections.size() == 3 ? LineProtocolIngest.toMillis(location,
                    PointCollector.parseTimestamp(location, sections.get(2)), nanosPerUnit) : PointBatch.NOW;
            for (Map.Entry<String, String> field : LineProtocolIngest.fields(location, sections.get(1)).entrySet()) {
                String raw = field.getValue();
                if (raw.startsWith("\"") || LineProtocolIngest.isBoolean(raw)) {
                    continue;
                }
                double value = LineProtocolIngest.numeric(location, field.getKey(), raw);
                if (++points > maxPoints) {
                    throw new IngestLimitException(maxPoints);
                }
                streams.computeIfAbsent(names.name(key.measurement(), key.tags(), field.getKey()),
                        stream -> new PointCollector(maxPoints)).add(location, timestamp, value);
            }
        }
        if (!anyLine) {
            throw new IngestFormatException(null, "the body holds no lines");
        }
        Map<StreamId, PointBatch> batches = new LinkedHashMap<>();
        streams.forEach((stream, collected) -> batches.put(stream, collected.toBatch()));
        return new InfluxWrite(batches, points);
    }

    /** A line's measurement and tags, unescaped. */
    private record SeriesKey(String measurement, SortedMap<String, String> tags) {
        static SeriesKey parse(String location, String section) {
            List<String> parts = LineProtocolIngest.splitUnescaped(section, ',');
            String measurement = LineProtocolIngest.unescape(parts.get(0));
            if (measurement.isEmpty()) {
                throw new IngestFormatException(location, "missing measurement name");
            }
            SortedMap<String, String> tags = new TreeMap<>();
            for (String tag : parts.subList(1, parts.size())) {
                List<String> pair = LineProtocolIngest.splitUnescaped(tag, '=');
                if (pair.size() != 2 || pair.get(0).isEmpty() || pair.get(1).isEmpty()) {
                    throw new IngestFormatException(location, "tag '" + PointCollector.abbreviate(tag)
                            + "' is not key=value");
                }
                tags.put(LineProtocolIngest.unescape(pair.get(0)), LineProtocolIngest.unescape(pair.get(1)));
            }
            return new SeriesKey(measurement, tags);
        }
    }
}
