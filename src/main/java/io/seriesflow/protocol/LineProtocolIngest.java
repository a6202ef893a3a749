package io.seriesflow.protocol;

import io.seriesflow.engine.PointBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Influx line protocol bodies ({@code measurement[,tag=v...] field=value[,field=value...] [timestamp]}), one point
 * per line. The stream comes from the URL; measurement and tags are accepted and ignored. The point's value is
 * the field named {@code value}, or the only numeric field. Lines starting with '#' and blank lines are skipped.
 * Stateless.
 */
final class LineProtocolIngest {
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of("ns", 1L, "us", 1_000L, "u", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L);

    private LineProtocolIngest() {
    }

    static PointBatch parse(String body, int maxPoints, String precision) {
        long nanosPerUnit = nanosPerUnit(precision);
        PointCollector points = new PointCollector(maxPoints);
        String[] lines = body.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String location = "line " + (i + 1);
            List<String> sections = sections(location, line);
            if (sections.size() < 2 || sections.size() > 3) {
                throw new IngestFormatException(location, "expected 'measurement[,tags] fields [timestamp]'");
            }
            if (sections.get(0).isEmpty() || sections.get(0).startsWith(",")) {
                throw new IngestFormatException(location, "missing measurement name");
            }
            double value = pickValue(location, fields(location, sections.get(1)));
            long timestamp = sections.size() == 3
                    ? toMillis(location, PointCollector.parseTimestamp(location, sections.get(2)), nanosPerUnit)
                    : PointBatch.NOW;
            points.add(location, timestamp, value);
        }
        return points.toBatch();
    }

    private static long nanosPerUnit(String precision) {
        String unit = precision == null || precision.isBlank() ? "ns" : precision;
        Long nanos = NANOS_PER_UNIT.get(unit);
        if (nanos == null) {
            throw new IngestFormatException(null, "precision '" + PointCollector.abbreviate(unit)
                    + "' is not one of ns, us, ms, s");
        }
        return nanos;
    }

    private static long toMillis(String location, long timestamp, long nanosPerUnit) {
        if (timestamp < 0) {
            throw new IngestFormatException(location, "timestamp " + timestamp + " is before 1970");
        }
        if (nanosPerUnit >= 1_000_000L) {
            long factor = nanosPerUnit / 1_000_000L;
            if (timestamp > PointCollector.MAX_TIMESTAMP / factor) {
                throw new IngestFormatException(location, "timestamp " + timestamp + " is too large");
            }
            return timestamp * factor;
        }
        return timestamp / (1_000_000L / nanosPerUnit);
    }

    /** Splits on spaces that are neither escaped nor inside a quoted field value. */
    private static List<String> sections(String location, String line) {
        List<String> sections = new ArrayList<>(3);
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                current.append(c).append(line.charAt(++i));
            } else if (c == '"' && sections.size() == 1) {
                quoted = !quoted;
                current.append(c);
            } else if (c == ' ' && !quoted) {
                if (!current.isEmpty()) {
                    sections.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new IngestFormatException(location, "unterminated string field value");
        }
        if (!current.isEmpty()) {
            sections.add(current.toString());
        }
        return sections;
    }

    /** Field name to raw value, split on unescaped commas outside quotes. */
    private static Map<String, String> fields(String location, String section) {
        Map<String, String> fields = new LinkedHashMap<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i <= section.length(); i++) {
            char c = i < section.length() ? section.charAt(i) : ',';
            if (c == '\\' && i + 1 < section.length()) {
                current.append(section.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                current.append(c);
            } else if (c == ',' && !quoted) {
                String field = current.toString();
                int eq = field.indexOf('=');
                if (eq <= 0) {
                    throw new IngestFormatException(location, "field '" + PointCollector.abbreviate(field)
                            + "' is not name=value");
                }
                fields.put(field.substring(0, eq), field.substring(eq + 1));
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        return fields;
    }

    private static double pickValue(String location, Map<String, String> fields) {
        if (fields.containsKey("value")) {
            return numeric(location, "value", fields.get("value"));
        }
        List<Map.Entry<String, String>> numeric = fields.entrySet().stream()
                .filter(e -> !e.getValue().startsWith("\"") && !isBoolean(e.getValue())).toList();
        if (numeric.size() != 1) {
            throw new IngestFormatException(location, "expected a field named 'value' or exactly one numeric field, "
                    + "found " + numeric.size() + " numeric fields");
        }
        return numeric(location, numeric.get(0).getKey(), numeric.get(0).getValue());
    }

    private static double numeric(String location, String name, String raw) {
        String text = raw.endsWith("i") || raw.endsWith("u") ? raw.substring(0, raw.length() - 1) : raw;
        try {
            return PointCollector.parseValue(location, text);
        } catch (IngestFormatException e) {
            throw new IngestFormatException(location, "field '" + PointCollector.abbreviate(name)
                    + "' is not a finite number: '" + PointCollector.abbreviate(raw) + "'");
        }
    }

    private static boolean isBoolean(String value) {
        return switch (value) {
            case "t", "T", "true", "True", "TRUE", "f", "F", "false", "False", "FALSE" -> true;
            default -> false;
        };
    }
}
