package io.seriesflow.web;

import io.seriesflow.engine.Resume;
import io.seriesflow.engine.StreamId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The compatible mode's query string: {@code ?stream=name&since=seq&epoch=e}, all optional. Immutable.
 *
 * @param stream the stream to receive, the demo stream by default
 * @param resume where to start
 */
record HandshakeParameters(StreamId stream, Resume resume) {
    /** @throws IllegalArgumentException with a message fit for a 400 problem or a 4400 close reason */
    static HandshakeParameters parse(Map<String, List<String>> query) {
        StreamId stream = single(query, "stream").map(name -> {
            try {
                return StreamId.of(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("stream: " + e.getMessage());
            }
        }).orElse(RunningApplication.DEMO_STREAM);
        OptionalLong since = single(query, "since").map(HandshakeParameters::since).orElse(OptionalLong.empty());
        Optional<String> epoch = single(query, "epoch");
        return new HandshakeParameters(stream, new Resume(since, since.isPresent() ? epoch : Optional.empty()));
    }

    private static OptionalLong since(String text) {
        try {
            long since = Long.parseLong(text);
            if (since < 0) {
                throw new NumberFormatException();
            }
            return OptionalLong.of(since);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("since: '" + CloseReasons.fit(text) + "' is not a non-negative integer");
        }
    }

    private static Optional<String> single(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw new IllegalArgumentException(name + ": given " + values.size() + " times");
        }
        return Optional.of(values.get(0));
    }
}
