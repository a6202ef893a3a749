package io.seriesflow.protocol;

import io.seriesflow.engine.PointBatch;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The body formats {@code POST /api/streams/{name}/points} accepts, chosen by Content-Type. Stateless.
 */
public enum IngestFormat {
    /** {@code application/json}: one {@code {"ts"?: ms, "value": v}} or an array of them. */
    JSON,
    /** {@code application/x-ndjson}: one such object per line. */
    NDJSON,
    /** {@code text/csv}: {@code ts,value} or {@code value} per line, optional header. */
    CSV,
    /** {@code text/plain}: Influx line protocol, as Telegraf and Grafana Live send it. */
    INFLUX_LINE_PROTOCOL;

    private static final Map<String, IngestFormat> BY_MEDIA_TYPE = Map.of(
            "application/json", JSON,
            "application/x-ndjson", NDJSON,
            "application/ndjson", NDJSON,
            "application/jsonl", NDJSON,
            "text/csv", CSV,
            "text/plain", INFLUX_LINE_PROTOCOL);

    /** The format for a Content-Type header (parameters such as charset are ignored). */
    public static Optional<IngestFormat> forContentType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return Optional.ofNullable(BY_MEDIA_TYPE.get(mediaType));
    }

    /**
     * Parses a whole body given as bytes, which must be valid UTF-8.
     *
     * @throws IngestFormatException when the bytes are not UTF-8, or as {@link #parse(String, int, String)}
     */
    public PointBatch parse(byte[] utf8, int maxPoints, String precision) {
        return parse(utf8(utf8), maxPoints, precision);
    }

    /** The body as text. @throws IngestFormatException when the bytes are not UTF-8 */
    static String utf8(byte[] utf8) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new IngestFormatException(null, "the body is not valid UTF-8");
        }
    }

    /**
     * Parses a whole body.
     *
     * @param precision for Influx line protocol: ns, us, ms or s (Influx's default is ns); ignored otherwise
     * @throws IngestFormatException naming the point or line and the reason
     * @throws IngestLimitException when the body has more than {@code maxPoints} points
     */
    public PointBatch parse(String body, int maxPoints, String precision) {
        return switch (this) {
            case JSON -> JsonIngest.parseDocument(body, maxPoints);
            case NDJSON -> JsonIngest.parseLines(body, maxPoints);
            case CSV -> CsvIngest.parse(body, maxPoints);
            case INFLUX_LINE_PROTOCOL -> LineProtocolIngest.parse(body, maxPoints, precision);
        };
    }

    public static String supportedMediaTypes() {
        return "application/json, application/x-ndjson, text/csv, text/plain (Influx line protocol)";
    }
}
