package io.seriesflow.engine;

import java.util.Optional;

/** What a client asks of the server on a message connection, already parsed. Immutable. */
public sealed interface ClientCommand {
    /**
     * Subscribe to a stream, from where {@code resume} says.
     *
     * @param overflow what the client wants done with this stream's points when it falls behind (drop the oldest
     *                 or aggregate them); empty for the server's {@code seriesflow.client-overflow}
     */
    record Subscribe(StreamId stream, Resume resume, Optional<OverflowPolicy> overflow) implements ClientCommand {
        /** With the server's overflow policy. */
        public Subscribe(StreamId stream, Resume resume) {
            this(stream, resume, Optional.empty());
        }
    }

    /** End the subscription to a stream. */
    record Unsubscribe(StreamId stream) implements ClientCommand {
    }

    /** Ask for the server's clock, to estimate the clock offset and round trip. */
    record Time() implements ClientCommand {
    }

    /** A message that could not be understood; answered with a {@link CommandError#BAD_MESSAGE} in its turn. */
    record Invalid(String reason) implements ClientCommand {
    }
}
