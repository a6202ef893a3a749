package io.seriesflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A POST whose body arrives one byte at a time, as a slow or hostile sender sends it, on a non-blocking socket so
 * that one test thread can drive hundreds. {@link #pump()} sends a byte when one is due and takes in whatever the
 * server sent. Thread-safe (one lock, held only for non-blocking I/O): one thread pumps while others watch.
 */
public final class TricklingPost implements AutoCloseable {
    private final SocketChannel channel;
    private final long intervalNanos;
    private final StringBuilder received = new StringBuilder();
    private long nextByteAt;
    private long sent;
    private boolean closedByServer;

    private TricklingPost(SocketChannel channel, Duration interval) {
        this.channel = channel;
        this.intervalNanos = interval.toNanos();
        this.nextByteAt = System.nanoTime() + intervalNanos;
    }

    /** Connects, sends the request head declaring {@code contentLength} and the first body bytes. */
    public static TricklingPost open(int port, String path, Map<String, String> headers, long contentLength,
                                     String firstBytes, Duration interval) {
        try {
            SocketChannel channel = SocketChannel.open();
            channel.socket().connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            channel.configureBlocking(false);
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("Content-Length: ").append(contentLength).append("\r\n\r\n").append(firstBytes);
            TricklingPost post = new TricklingPost(channel, interval);
            post.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            post.sent = firstBytes.length();
            return post;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to port " + port, e);
        }
    }

    /** Sends a byte if one is due, reads what arrived; returns true once the server has closed the connection. */
    public synchronized boolean pump() {
        if (closedByServer) {
            return true;
        }
        try {
            ByteBuffer in = ByteBuffer.allocate(4096);
            for (int n = channel.read(in); n != 0; n = channel.read(in)) {
                if (n < 0) {
                    closedByServer = true;
                    return true;
                }
                received.append(new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1));
                in.clear();
            }
            if (System.nanoTime() - nextByteAt >= 0) {
                write(new byte[] {'1'});
                sent++;
                nextByteAt += intervalNanos;
            }
        } catch (IOException e) {
            closedByServer = true;
        }
        return closedByServer;
    }

    private void write(byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    /** The response status, once its status line has arrived. */
    public synchronized OptionalInt status() {
        int end = received.indexOf("\r\n");
        if (end < 12 || received.indexOf("HTTP/1.1 ") != 0) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(received.substring(9, 12)));
    }

    /** Everything received so far (head and body). */
    public synchronized String received() {
        return received.toString();
    }

    public synchronized boolean closedByServer() {
        return closedByServer;
    }

    /** Body bytes sent so far. */
    public synchronized long sent() {
        return sent;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
