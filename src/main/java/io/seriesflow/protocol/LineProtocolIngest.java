package io.seriesflow.protocol;

import io.seriesflow.engine.PointBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Influx line protocol bodies ({@code measurement[,tag=v...] field=value[,field=value...] [timestamp]}), one point
 * per line. The stream comes from the URL; measurement and tags are accepted and ignored. The point's value is
 * the field named {@code value}, or the only numeric field. Lines starting with '#' and blank lines are skipped.
 * Stateless.
 */
final class LineProtocolIngest {
    private static final Pattern SIGNED = Pattern.compile("[+-]?\\d{1,19}");
    private static final Pattern UNSIGNED = Pattern.compile("\\d{1,20}");
    /** InfluxDB's precisions: v2's ns, us, ms, s and v1's n, u, m (minutes) and h as well. */
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of("ns", 1L, "n", 1L, "us", 1_000L, "u", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

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

    static long nanosPerUnit(String precision) {
        String unit = precision == null || precision.isBlank() ? "ns" : precision;
        Long nanos = NANOS_PER_UNIT.get(unit);
        if (nanos == null) {
            throw new IngestFormatException(null, "precision '" + PointCollector.abbreviate(unit)
                    + "' is not one of ns, us, ms, s (or n, u, m, h)");
        }
        return nanos;
    }

    static long toMillis(String location, long timestamp, long nanosPerUnit) {
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

    /**
     * Splits on spaces that are neither escaped nor inside a quoted field value. A quote opens a string only where
     * a field value starts (right after an unescaped '='); elsewhere it is part of a name.
     */
    static List<String> sections(String location, String line) {
        List<String> sections = new ArrayList<>(3);
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean valueStart = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            boolean inFields = sections.size() == 1;
            if (c == '\\' && i + 1 < line.length()) {
                current.append(c).append(line.charAt(++i));
            } else if (c == '"' && inFields && (quoted || valueStart)) {
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
            valueStart = inFields && !quoted && c == '=';
        }
        if (quoted) {
            throw new IngestFormatException(location, "unterminated string field value");
        }
        if (!current.isEmpty()) {
            sections.add(current.toString());
        }
        return sections;
    }

    /**
     * Field key to raw value. Keys end at the first unescaped '=' ({@code \,} {@code \=} {@code \ } and
     * {@code \\} are escapes in keys); values end at an unescaped ',' outside a quoted string.
     */
    static Map<String, String> fields(String location, String section) {
        Map<String, String> fields = new LinkedHashMap<>();
        int at = 0;
        while (at <= section.length()) {
            StringBuilder key = new StringBuilder();
            at = readKey(location, section, at, key);
            StringBuilder value = new StringBuilder();
            at = readValue(location, section, at, value);
            fields.put(key.toString(), value.toString());
            at++;
        }
        return fields;
    }

    /** Reads a field key from {@code at}; returns the index just after its '='. */
    private static int readKey(String location, String section, int at, StringBuilder key) {
        int i = at;
        for (; i < section.length() && section.charAt(i) != '='; i++) {
            char c = section.charAt(i);
            if (c == '\\' && i + 1 < section.length() && ",= \\".indexOf(section.charAt(i + 1)) >= 0) {
                c = section.charAt(++i);
            } else if (c == ',') {
                break;
            }
            key.append(c);
        }
        if (i >= section.length() || section.charAt(i) != '=' || key.isEmpty()) {
            String field = section.substring(at, Math.min(section.length(), i));
            throw new IngestFormatException(location, "field '" + PointCollector.abbreviate(field)
                    + "' is not name=value");
        }
        return i + 1;
    }

    /** Reads a field value from {@code at}, a quoted string kept with its quotes; returns the index of its end. */
    private static int readValue(String location, String section, int at, StringBuilder value) {
        boolean quoted = false;
        int i = at;
        for (; i < section.length(); i++) {
            char c = section.charAt(i);
            if (quoted && c == '\\' && i + 1 < section.length()) {
                value.append(c).append(section.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                break;
            }
            value.append(c);
        }
        if (quoted) {
            throw new IngestFormatException(location, "unterminated string field value");
        }
        return i;
    }

    /** Splits on a separator that is not escaped with a backslash; the parts keep their escapes. */
    static List<String> splitUnescaped(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                current.append(c).append(text.charAt(++i));
            } else if (c == separator) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    /** Removes the backslash of {@code \,}, {@code \=}, {@code \ } and {@code \\}. */
    static String unescape(String text) {
        StringBuilder plain = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && ",= \\".indexOf(text.charAt(i + 1)) >= 0) {
                c = text.charAt(++i);
            }
            plain.append(c);
        }
        return plain.toString();
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

    /** A float ({@code 1.5}), a signed 64-bit integer ({@code -42i}) or an unsigned one ({@code 42u}). */
    static double numeric(String location, String name, String raw) {
        if (raw.endsWith("i")) {
            return integer(location, name, raw, SIGNED, "an integer (suffix i)", "a whole number in the int64 range");
        }
        if (raw.endsWith("u")) {
            return integer(location, name, raw, UNSIGNED, "unsigned (suffix u)",
                    "a whole number in 0..18446744073709551615");
        }
        try {
            return PointCollector.parseValue(location, raw);
        } catch (IngestFormatException e) {
            throw new IngestFormatException(location, "field '" + PointCollector.abbreviate(name)
                    + "' is not a finite number: '" + PointCollector.abbreviate(raw) + "'");
        }
    }

    private static double integer(String location, String name, String raw, Pattern digits, String kind,
                                  String rule) {
        String text = raw.substring(0, raw.length() - 1);
        try {
            if (digits.matcher(text).matches()) {
                return digits == SIGNED ? Long.parseLong(text) : unsigned(Long.parseUnsignedLong(text));
            }
        } catch (NumberFormatException e) {
            // out of range: refused below with the same message as any other malformed integer
        }
        throw new IngestFormatException(location, "field '" + PointCollector.abbreviate(name) + "' is " + kind
                + " but '" + PointCollector.abbreviate(raw) + "' is not " + rule);
    }

    private static double unsigned(long bits) {
        return bits >= 0 ? bits : (double) (bits >>> 1) * 2 + (bits & 1);
    }

    static boolean isBoolean(String value) {
        return switch (value) {
            case "t", "T", "true", "True", "TRUE", "f", "F", "false", "False", "FALSE" -> true;
            default -> false;
        };
    }
}
