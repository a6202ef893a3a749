package io.seriesflow.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client (the JDK's) that records every message with its arrival time (binary ones as
 * their bytes) and the close code it receives, and can send text. Thread-safe: the JDK calls the listener on
 * its own threads, the test reads snapshots.
 */
public final class WsTestClient implements AutoCloseable {
    private final List<Received> messages = new ArrayList<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocket socket;

    /** Arrival time in nanoseconds (System.nanoTime) and the text, or the bytes of a binary message. */
    public record Received(long nanos, String text, byte[] binary) {
        public boolean isText() {
            return text != null;
        }
    }

    public record Closed(int code, String reason) {
    }

    private WsTestClient(HttpClient http, URI uri, String subprotocol) {
        StringBuilder partialText = new StringBuilder();
        java.io.ByteArrayOutputStream partialBinary = new java.io.ByteArrayOutputStream();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partialText.append(data);
                if (last) {
                    record(new Received(System.nanoTime(), partialText.toString(), null));
                    partialText.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                partialBinary.writeBytes(bytes);
                if (last) {
                    record(new Received(System.nanoTime(), null, partialBinary.toByteArray()));
                    partialBinary.reset();
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
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (subprotocol != null) {
            builder.subprotocols(subprotocol);
        }
        this.socket = builder.buildAsync(uri, listener).orTimeout(15, TimeUnit.SECONDS).join();
    }

    private void record(Received received) {
        synchronized (messages) {
            messages.add(received);
        }
    }

    /** Compatible mode (no subprotocol). */
    public static WsTestClient connect(HttpClient http, URI uri) {
        return new WsTestClient(http, uri, null);
    }

    public static WsTestClient connect(HttpClient http, URI uri, String subprotocol) {
        return new WsTestClient(http, uri, subprotocol);
    }

    public void send(String text) {
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    public String subprotocol() {
        return socket.getSubprotocol();
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
