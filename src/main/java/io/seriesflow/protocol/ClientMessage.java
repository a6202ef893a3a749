package io.seriesflow.protocol;

import io.seriesflow.engine.StreamId;
import java.util.Optional;
import java.util.OptionalLong;

/** A message from a client in {@code seriesflow.v1} or {@code seriesflow.bin.v1}. Immutable. */
public sealed interface ClientMessage {
    /** {@code {"type":"subscribe","stream":s,"since"?:n,"epoch"?:e}}. */
    record Subscribe(StreamId stream, OptionalLong since, Optional<String> epoch) implements ClientMessage {
    }

    /** {@code {"type":"time"}}: asks for the server's clock, to estimate the offset and round trip. */
    record Time() implements ClientMessage {
    }

    /** {@code {"type":"unsubscribe","stream":s}}. */
    record Unsubscribe(StreamId stream) implements ClientMessage {
    }
}
