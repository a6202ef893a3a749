package io.seriesflow.protocol;

import io.seriesflow.engine.StreamId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an InfluxDB write names the stream of each numeric field: a template such as the default
 * {@code {measurement}.{tags}.{field}}, with {@code {measurement}}, {@code {field}}, {@code {tags}} (every tag's
 * value in the order of the tag keys, joined by '.') and {@code {tag:key}} (one tag's value, empty when the line
 * has no such tag). The rendered name is mapped into the stream-name alphabet: lower case, '_' becomes '-',
 * anything but letters, digits, '.' and '-' becomes '-', repeated dots become one, and leading and trailing
 * dots and dashes go; a name longer than 64 characters keeps its first 55 and ends in '-' and 8 hex digits of the
 * SHA-256 of the rendered name, so it stays stable and distinct. Immutable.
 */
public final class StreamNameTemplate {
    public static final String DEFAULT = "{measurement}.{tags}.{field}";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern TAG = Pattern.compile("tag:(.+)");
    private static final int MAX_LENGTH = 64;
    private static final int KEPT_BEFORE_HASH = 55;

    /** A piece of the template: literal text, or a placeholder filled from the line. */
    @FunctionalInterface
    private interface Part {
        String fill(String measurement, SortedMap<String, String> tags, String field);
    }

    private final String text;
    private final List<Part> parts;

    private StreamNameTemplate(String text, List<Part> parts) {
        this.text = text;
        this.parts = List.copyOf(parts);
    }

    /** @throws IllegalArgumentException for an unknown placeholder, a stray brace or no {@code {field}} */
    public static StreamNameTemplate parse(String template) {
        List<Part> parts = new ArrayList<>();
        Matcher placeholder = PLACEHOLDER.matcher(template);
        int at = 0;
        while (placeholder.find()) {
            String text = literal(template.substring(at, placeholder.start()));
            parts.add((measurement, tags, field) -> text);
            parts.add(placeholder(placeholder.group(1)));
            at = placeholder.end();
        }
        String rest = literal(template.substring(at));
        parts.add((measurement, tags, field) -> rest);
        if (!PLACEHOLDER.matcher(template).results().anyMatch(m -> m.group(1).equals("field"))) {
            throw new IllegalArgumentException("the template must contain {field}, or the fields of one line would "
                    + "share a stream");
        }
        return new StreamNameTemplate(template, parts);
    }

    private static String literal(String text) {
        if (text.indexOf('{') >= 0 || text.indexOf('}') >= 0) {
            throw new IllegalArgumentException("a '{' or '}' outside a placeholder: '" + text + "'");
        }
        return text;
    }

    private static Part placeholder(String name) {
        Matcher tag = TAG.matcher(name);
        return switch (name) {
            case "measurement" -> (measurement, tags, field) -> measurement;
            case "field" -> (measurement, tags, field) -> field;
            case "tags" -> (measurement, tags, field) -> String.join(".", tags.values());
            default -> {
                if (tag.matches()) {
                    String key = tag.group(1);
                    yield (measurement, tags, field) -> tags.getOrDefault(key, "");
                }
                throw new IllegalArgumentException("unknown placeholder {" + name + "}; use {measurement}, {tags}, "
                        + "{tag:key} or {field}");
            }
        };
    }

    /** The stream for one field of a line: the template filled in, then mapped into the stream-name alphabet. */
    public StreamId name(String measurement, SortedMap<String, String> tags, String field) {
        StringBuilder rendered = new StringBuilder();
        for (Part part : parts) {
            rendered.append(part.fill(measurement, tags, field));
        }
        return streamId(rendered.toString());
    }

    /** A rendered name mapped into {@code [a-z0-9][a-z0-9._-]{0,63}}. */
    static StreamId streamId(String rendered) {
        StringBuilder mapped = new StringBuilder(rendered.length());
        rendered.toLowerCase(Locale.ROOT).codePoints().forEach(c -> mapped.append(
                (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ? (char) c : '-'));
        String name = mapped.toString().replaceAll("\\.{2,}", ".").replaceAll("^[.-]+|[.-]+$", "");
        if (name.isEmpty()) {
            return StreamId.of("series-" + hash(rendered));
        }
        if (name.length() > MAX_LENGTH) {
            name = name.substring(0, KEPT_BEFORE_HASH) + "-" + hash(rendered);
        }
        return StreamId.of(name);
    }

    private static String hash(String rendered) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(rendered.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
