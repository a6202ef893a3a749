/**
 * The streaming engine: streams of points, their sources, and the per-client outbound queues that fan
 * points out to subscribers.
 *
 * <p>Allowed dependencies: the JDK only. Nothing here knows which container (if any) runs it; transports
 * are reached through {@link io.seriesflow.engine.FrameTransport} and time through {@link java.time.InstantSource}.
 *
 * <p>Threading: each stream has exactly one writer (its source's pump); client queues accept frames from that
 * writer and completions from transport threads, and take their lock only around quick state changes, never
 * around I/O.
 */
package io.seriesflow.engine;
