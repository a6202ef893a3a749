package io.seriesflow.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * GETs one path again and again over a single kept-alive HTTP/1.1 connection, as a load balancer's health check
 * with a pooled connection does, and reports each answer's status and body, or that the server closed the
 * connection. Every read has a timeout. Not thread-safe.
 */
public final class KeepAliveProbe implements AutoCloseable {
    /** One answer. */
    public record Answer(int status, String body) {
    }

    private final Socket socket;
    private final String host;
    private final String path;

    private KeepAliveProbe(Socket socket, String host, String path) {
        this.socket = socket;
        this.host = host;
        this.path = path;
    }

    public static KeepAliveProbe open(String host, int port, String path) {
        try {
            Socket socket = new Socket(host, port);
            socket.setSoTimeout(5_000);
            return new KeepAliveProbe(socket, host, path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next answer, or empty when the server closed the connection (or reset it). */
    public Optional<Answer> get() {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            if (head == null) {
                return Optional.empty();
            }
            int status = Integer.parseInt(head.substring(9, 12));
            return Optional.of(new Answer(status, readBody(in, head)));
        } catch (IOException e) {
            return Optional.empty(); // a reset or a write to a closed connection: the server is gone
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static String readBody(InputStream in, String head) throws IOException {
        String lower = head.toLowerCase(Locale.ROOT);
        int at = lower.indexOf("\ncontent-length:");
        if (at >= 0) {
            int length = Integer.parseInt(lower.substring(at + 16, lower.indexOf('\r', at)).trim());
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }
        if (lower.contains("\ntransfer-encoding: chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(readLine(in).split(";")[0].trim(), 16);
                if (size == 0) {
                    readLine(in);
                    return body.toString(StandardCharsets.UTF_8);
                }
                body.write(in.readNBytes(size));
                readLine(in);
            }
        }
        return "";
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a probe whose server went away: nothing left to release.
        }
    }
}
