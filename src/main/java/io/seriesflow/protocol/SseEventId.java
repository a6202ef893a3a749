package io.seriesflow.protocol;

import io.seriesflow.engine.Resume;
import io.seriesflow.engine.StreamId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The {@code id} of a Server-Sent Event: every stream's position on the connection, so that a reconnect with
 * {@code Last-Event-ID} resumes each stream exactly: {@code name:epoch:seq} per stream, joined by {@code ,}
 * ({@code demo:9f3c0a17d2b4e688:10031,sine:41aa07c3b19e2d55:5530}). Immutable.
 *
 * @param positions stream to (epoch, last seq delivered), in the order they were first seen
 */
public record SseEventId(Map<StreamId, Position> positions) {
    /** Longest position of one stream: a 64-character name, a 64-character epoch, a 19-digit seq, separators. */
    private static final int MAX_ENTRY_LENGTH = 64 + 1 + 64 + 1 + 19 + 1;
    private static final Pattern EPOCH = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern SEQ = Pattern.compile("\\d{1,19}");

    /** Where one stream stands: the last point delivered ({@code seq} 0 when none was). */
    public record Position(String epoch, long seq) {
    }

    public SseEventId {
        positions = Collections.unmodifiableMap(new LinkedHashMap<>(positions));
    }

    public static SseEventId empty() {
        return new SseEventId(Map.of());
    }

    /**
     * Reads an id this server wrote for at most {@code maxStreams} streams (the connection's subscription limit,
     * so every id it writes comes back accepted). A blank id means no position.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static SseEventId parse(String text, int maxStreams) {
        if (text == null || text.isBlank()) {
            return empty();
        }
        long maxLength = (long) maxStreams * MAX_ENTRY_LENGTH;
        if (text.length() > maxLength) {
            throw new IllegalArgumentException("the event id is longer than " + maxLength + " characters");
        }
        Map<StreamId, Position> positions = new LinkedHashMap<>();
        for (String entry : text.strip().split(",", -1)) {
            String[] parts = entry.split(":", -1);
            if (parts.length != 3 || !EPOCH.matcher(parts[1]).matches() || !SEQ.matcher(parts[2]).matches()) {
                throw new IllegalArgumentException("event id entry '" + PointCollector.abbreviate(entry)
                        + "' is not stream:epoch:seq");
            }
            StreamId stream = StreamId.of(parts[0]);
            long seq;
            try {
                seq = Long.parseLong(parts[2]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("event id seq '" + parts[2] + "' is out of range", e);
            }
            if (positions.put(stream, new Position(parts[1], seq)) != null) {
                throw new IllegalArgumentException("event id names stream '" + stream + "' twice");
            }
        }
        return new SseEventId(positions);
    }

    /** Where a subscribe to the stream starts: after its position here, or live when it has none. */
    public Resume resumeOf(StreamId stream) {
        Position position = positions.get(stream);
        return position == null ? Resume.live() : Resume.after(position.seq(), position.epoch());
    }

    /** The id as written in an event. */
    public String text() {
        StringJoiner joined = new StringJoiner(",");
        positions.forEach((stream, position) -> joined.add(stream.name() + ":" + position.epoch() + ":"
                + position.seq()));
        return joined.toString();
    }
}
