/**
 * Formats on the wire and on disk: the text frames sent to clients and the JSON dataset format.
 *
 * <p>Allowed dependencies: {@code io.seriesflow.engine}, the JDK and Jakarta JSON Processing (bundled in the
 * WAR). No servlet or WebSocket types. Everything here is stateless and thread-safe.
 */
package io.seriesflow.protocol;
