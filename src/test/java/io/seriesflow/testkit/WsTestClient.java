package io.seriesflow.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client (the JDK's) that records every text message with its arrival time and the close
 * code it receives. Thread-safe: the JDK calls the listener on its own threads, the test reads snapshots.
 */
public final class WsTestClient implements AutoCloseable {
    private final List<Received> messages = new ArrayList<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocket socket;

    /** Arrival time in nanoseconds (System.nanoTime) and the text. */
    public record Received(long nanos, String text) {
    }

    public record Closed(int code, String reason) {
    }

    private WsTestClient(HttpClient http, URI uri) {
        StringBuilder partial = new StringBuilder();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String text = partial.toString();
                    partial.setLength(0);
                    synchronized (messages) {
                        messages.add(new Received(System.nanoTime(), text));
                    }
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(new Closed(statusCode, reason));
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.completeExceptionally(error);
            }
        };
        this.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, listener).orTimeout(15, TimeUnit.SECONDS).join();
    }

    public static WsTestClient connect(HttpClient http, URI uri) {
        return new WsTestClient(http, uri);
    }

    public List<Received> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    public int count() {
        synchronized (messages) {
            return messages.size();
        }
    }

    public CompletableFuture<Closed> closed() {
        return closed;
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "test done").orTimeout(5, TimeUnit.SECONDS)
                    // The server may already have closed; the abort below ends the connection either way.
                    .exceptionally(e -> null).join();
        }
        socket.abort();
    }
}
