package io.seriesflow.engine;

import java.util.List;

/**
 * One open connection as operators see it. Immutable.
 *
 * @param id the transport's identifier
 * @param mode the wire mode ({@link OutboundCodec#mode()})
 * @param peer the client's address as the server saw it, or empty when unknown
 * @param streams the streams it is subscribed to, by name
 * @param queuedBytes what its queue counts against its budget now
 * @param queuedPoints points waiting in its queue
 * @param droppedPoints points its overflow policy dropped so far
 * @param lagMillis how long its oldest waiting live point has waited, or its send has been in flight, whichever
 *                  is longer (0 when it is keeping up)
 * @param ageMillis how long it has been open
 */
public record ConnectionView(String id, String mode, String peer, List<String> streams, long queuedBytes,
                             long queuedPoints, long droppedPoints, long lagMillis, long ageMillis) {
    public ConnectionView {
        streams = List.copyOf(streams);
    }
}
