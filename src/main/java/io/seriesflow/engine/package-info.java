/**
 * The streaming engine: named streams with history and epochs, their sources, and the per-client connections
 * that queue, batch and send points to subscribers.
 *
 * <p>Allowed dependencies: the JDK only. Nothing here knows which container (if any) runs it; sockets are
 * reached through {@link io.seriesflow.engine.FrameTransport}, wire formats through
 * {@link io.seriesflow.engine.OutboundCodec}, and time through {@link java.time.InstantSource}.
 *
 * <p>Threading: each stream has exactly one writer, its {@link io.seriesflow.engine.SerialLane}; history and
 * subscriber lists are touched only there. Client connections accept points from any lane and completions from
 * transport threads, and take their lock only around quick state changes, never around I/O or encoding.
 *
 * <p>Operators' counters ({@link io.seriesflow.engine.EngineMetrics}) are adders and read-only views; a metrics
 * library outside the engine reads them.
 */
package io.seriesflow.engine;
