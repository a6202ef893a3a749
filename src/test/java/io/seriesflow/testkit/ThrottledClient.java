package io.seriesflow.testkit;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@code seriesflow.v1} client over a plain socket with a small receive buffer that reads at most a set number of
 * bytes per second: a slow link. It answers pings, and records what each message stands for: the seq range of
 * each {@code points} and {@code aggregate} message, and each {@code gap}. Thread-safe: one reader thread writes
 * the records under this object's monitor; the rate may be changed from any thread.
 */
public final class ThrottledClient implements AutoCloseable {
    private final Socket socket;
    private final Thread reader;
    private volatile long bytesPerSecond;
    private final List<Range> ranges = new ArrayList<>();
    private final List<Range> gaps = new ArrayList<>();
    private long bytes;
    private long exactPoints;
    private int closeCode;

    /** Seqs {@code from..to} of one message: a batch of points, an aggregate or a gap. */
    public record Range(String kind, long from, long to) {
    }

    private ThrottledClient(Socket socket, long bytesPerSecond) throws IOException {
        this.socket = socket;
        this.bytesPerSecond = bytesPerSecond;
        InputStream in = new Throttled(socket.getInputStream());
        this.reader = new Thread(() -> readAll(in), "throttled-client");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Connects, subscribes with the message given, and reads at {@code bytesPerSecond} (0: as fast as it can).
     */
    public static ThrottledClient connect(int port, String path, String subscribe, long bytesPerSecond)
            throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(2048);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(RawHandshake.request("127.0.0.1", port, path, Map.of("Sec-WebSocket-Protocol", "seriesflow.v1"))
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = headers(socket.getInputStream());
        if (!status.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("handshake refused: " + status);
        }
        ThrottledClient client = new ThrottledClient(socket, bytesPerSecond);
        client.send(0x1, subscribe.getBytes(StandardCharsets.UTF_8));
        return client;
    }

    private static String headers(InputStream in) throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during handshake");
            }
            headers.write(b);
            matched = (b == '\r' || b == '\n') && ("\r\n\r\n".charAt(matched) == b) ? matched + 1 : 0;
        }
        return headers.toString(StandardCharsets.US_ASCII);
    }

    /** Reads as fast as it can from now on (0) or at another rate. */
    public void throttle(long newBytesPerSecond) {
        bytesPerSecond = newBytesPerSecond;
    }

    private void readAll(InputStream raw) {
        DataInputStream in = new DataInputStream(raw);
        try {
            while (true) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long length = second & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                int opcode = first & 0x0F;
                synchronized (this) {
                    bytes += 2 + length;
                }
                if (opcode == 0x9) {
                    send(0xA, payload);
                } else if (opcode == 0x1) {
                    record(Json.createReader(new StringReader(new String(payload, StandardCharsets.UTF_8)))
                            .readObject());
                } else if (opcode == 0x8) {
                    synchronized (this) {
                        closeCode = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                    }
                    return;
                }
            }
        } catch (EOFException | SocketException ended) {
            // The connection ended (the test closed it, or the server dropped it): the records stand.
            synchronized (this) {
                closeCode = closeCode == 0 ? -1 : closeCode;
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private synchronized void record(JsonObject message) {
        switch (message.getString("type")) {
            case "points" -> {
                JsonArray points = message.getJsonArray("points");
                exactPoints += points.size();
                ranges.add(new Range("points", seq(points, 0), seq(points, points.size() - 1)));
            }
            case "aggregate" -> ranges.add(new Range("aggregate:" + message.getString("reason"),
                    message.getJsonNumber("firstSeq").longValue(), message.getJsonNumber("lastSeq").longValue()));
            case "gap" -> gaps.add(new Range("gap:" + message.getString("reason"),
                    message.getJsonNumber("from").longValue(), message.getJsonNumber("to").longValue()));
            default -> {
                // hello, subscribed: nothing to count
            }
        }
    }

    private static long seq(JsonArray points, int index) {
        return points.getJsonArray(index).getJsonNumber(0).longValue();
    }

    /** Sends one masked frame (clients must mask). */
    private synchronized void send(int opcode, byte[] payload) throws IOException {
        if (payload.length > 125) {
            throw new IllegalArgumentException("short messages only");
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        frame.write(0x80 | payload.length);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        socket.getOutputStream().write(frame.toByteArray());
        socket.getOutputStream().flush();
    }

    /** What each points and aggregate message stood for, in arrival order. */
    public synchronized List<Range> ranges() {
        return List.copyOf(ranges);
    }

    public synchronized List<Range> gaps() {
        return List.copyOf(gaps);
    }

    public synchronized long bytes() {
        return bytes;
    }

    /** Points received one by one (not as part of an aggregate). */
    public synchronized long exactPoints() {
        return exactPoints;
    }

    /** The last seq any message stood for, or 0. */
    public synchronized long lastSeq() {
        return ranges.isEmpty() ? 0 : ranges.get(ranges.size() - 1).to();
    }

    /** The close code the server sent, -1 when the connection just ended, 0 while open. */
    public synchronized int closeCode() {
        return closeCode;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Hands out bytes no faster than the current rate allows, in small reads, as a slow link would. */
    private final class Throttled extends FilterInputStream {
        private final long start = System.nanoTime();
        private long granted;

        Throttled(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            long rate = bytesPerSecond;
            if (rate <= 0) {
                return super.read(buffer, offset, length);
            }
            int chunk = (int) Math.min(length, Math.max(1, rate / 50));
            long dueNanos = start + (granted + chunk) * 1_000_000_000L / rate;
            for (long wait = dueNanos - System.nanoTime(); wait > 0; wait = dueNanos - System.nanoTime()) {
                LockSupport.parkNanos(wait); // the pace of a slow link, not a wait for a condition
            }
            int read = super.read(buffer, offset, chunk);
            granted += Math.max(0, read);
            return read;
        }
    }
}
