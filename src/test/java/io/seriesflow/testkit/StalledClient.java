package io.seriesflow.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client over a plain socket with a tiny receive buffer: it completes the handshake (optionally
 * asking for a subprotocol), may send text messages, then stops reading, so the server's sends back up quickly.
 * Later it can read everything that arrived: the "stalled client" of the isolation tests.
 */
public final class StalledClient implements AutoCloseable {
    private final Socket socket;

    /** What draining found: the text messages and the close code (-1 when the connection just ended). */
    public record Drained(List<String> texts, int closeCode, long bytes) {
    }

    private StalledClient(Socket socket) {
        this.socket = socket;
    }

    public static StalledClient connect(String host, int port, String path) throws IOException {
        return connect(host, port, path, null);
    }

    public static StalledClient connect(String host, int port, String path, String subprotocol) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(15_000);
        String request = RawHandshake.request(host, port, path,
                subprotocol == null ? java.util.Map.of() : java.util.Map.of("Sec-WebSocket-Protocol", subprotocol));
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = readHeaders(socket.getInputStream());
        if (!status.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("handshake refused: " + status);
        }
        return new StalledClient(socket);
    }

    private static String readHeaders(InputStream in) throws IOException {
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

    /** Sends one masked text frame (clients must mask). */
    public void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
            throw new IllegalArgumentException("short messages only");
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        frame.write(0x80 | payload.length);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        socket.getOutputStream().write(frame.toByteArray());
        socket.getOutputStream().flush();
    }

    /** Resumes reading and parses frames until the server closes or ends the connection. */
    public Drained drain() throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        List<String> texts = new ArrayList<>();
        long bytes = 0;
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
                bytes += 2 + length;
                int opcode = first & 0x0F;
                if (opcode == 0x1) {
                    texts.add(new String(payload, StandardCharsets.UTF_8));
                } else if (opcode == 0x8) {
                    int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                    return new Drained(texts, code, bytes);
                }
            }
        } catch (EOFException | SocketException ended) {
            // The server may end a connection it gave up on without a close frame.
            return new Drained(texts, -1, bytes);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
