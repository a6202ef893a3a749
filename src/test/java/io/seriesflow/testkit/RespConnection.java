package io.seriesflow.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One plain TCP connection to a Redis server speaking RESP2: sends a command as an array of bulk strings and reads
 * one reply, blocking, within the read timeout. Enough for tests to look at what the application left in Redis
 * (DBSIZE, XLEN, XRANGE, HGETALL, KEYS) or to clear it (FLUSHALL); not a client library (no pipelining, pub/sub,
 * TLS or reconnects). Not thread-safe: one test thread owns it.
 */
public final class RespConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RespConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    /** Connects within {@code timeout}; every later read also fails after {@code timeout} without an answer. */
    public static RespConnection open(String host, int port, Duration timeout) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
            socket.connect(new InetSocketAddress(host, port), Math.toIntExact(timeout.toMillis()));
            return new RespConnection(socket);
        } catch (IOException e) {
            closeAfterFailure(socket, e);
            throw new UncheckedIOException("cannot connect to Redis at " + host + ":" + port, e);
        }
    }

    /** Sends one command (e.g. {@code "XLEN", "stream:demo"}) and returns the reply; a Redis error is a reply too. */
    public RespReply call(String... command) {
        try {
            out.write(("*" + command.length + "\r\n").getBytes(UTF_8));
            for (String argument : command) {
                byte[] bytes = argument.getBytes(UTF_8);
                out.write(("$" + bytes.length + "\r\n").getBytes(UTF_8));
                out.write(bytes);
                out.write("\r\n".getBytes(UTF_8));
            }
            out.flush();
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException("Redis did not answer " + String.join(" ", command), e);
        }
    }

    private RespReply read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("Redis closed the connection");
        }
        String line = line();
        return switch (type) {
            case '+' -> new RespReply.Simple(line);
            case '-' -> new RespReply.Error(line);
            case ':' -> new RespReply.Number(Long.parseLong(line));
            case '$' -> bulk(Integer.parseInt(line));
            case '*' -> array(Integer.parseInt(line));
            default -> throw new IOException("not a RESP2 reply: " + (char) type + line);
        };
    }

    private RespReply bulk(int length) throws IOException {
        if (length < 0) {
            return new RespReply.Nil();
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length || in.read() != '\r' || in.read() != '\n') {
            throw new EOFException("bulk string of " + length + " bytes cut short");
        }
        return new RespReply.Bulk(bytes);
    }

    private RespReply array(int count) throws IOException {
        if (count < 0) {
            return new RespReply.Nil();
        }
        List<RespReply> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(read());
        }
        return new RespReply.Array(List.copyOf(items));
    }

    /** Up to CRLF, which is consumed. */
    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int next = in.read();
            if (next < 0) {
                throw new EOFException("Redis closed the connection mid-reply");
            }
            if (previous == '\r' && next == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, UTF_8);
            }
            line.write(next);
            previous = next;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a test's connection cannot lose anything; the server frees it either way.
            System.err.println("closing a Redis connection: " + e);
        }
    }

    private static void closeAfterFailure(Socket socket, IOException cause) {
        try {
            socket.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }
}
