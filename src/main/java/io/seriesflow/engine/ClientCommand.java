package io.seriesflow.engine;

/** What a client asks of the server on a message connection, already parsed. Immutable. */
public sealed interface ClientCommand {
    /** Subscribe to a stream, from where {@code resume} says. */
    record Subscribe(StreamId stream, Resume resume) implements ClientCommand {
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
