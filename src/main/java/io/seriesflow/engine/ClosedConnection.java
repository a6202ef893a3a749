package io.seriesflow.engine;

/**
 * A connection that was closed, as operators see it afterwards. Immutable.
 *
 * @param closedAtMillis when it closed, on the wall clock
 * @param id the transport's identifier
 * @param mode the wire mode
 * @param peer the client's address, or empty when unknown
 * @param reason why it closed
 * @param queuedBytes what its queue held when it closed
 * @param droppedPoints points its overflow policy had dropped
 * @param ageMillis how long it had been open
 */
public record ClosedConnection(long closedAtMillis, String id, String mode, String peer, DisconnectReason reason,
                               long queuedBytes, long droppedPoints, long ageMillis) {
}
