package io.seriesflow.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Sends a WebSocket opening handshake by hand and returns the HTTP status: for testing refusals. */
public final class RawHandshake {
    private RawHandshake() {
    }

    /** An opening handshake request with a fresh key and the extra headers. */
    public static String request(String host, int port, String path, Map<String, String> headers) {
        return request(host, port, path, List.of("websocket"), headers);
    }

    /** As {@link #request(String, int, String, Map)} with one {@code Upgrade} header per given value. */
    public static String request(String host, int port, String path, List<String> upgrades,
                                 Map<String, String> headers) {
        byte[] nonce = new byte[16];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(nonce);
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\n");
        upgrades.forEach(upgrade -> request.append("Upgrade: ").append(upgrade).append("\r\n"));
        request.append("Connection: Upgrade\r\nSec-WebSocket-Key: ")
                .append(java.util.Base64.getEncoder().encodeToString(nonce))
                .append("\r\nSec-WebSocket-Version: 13\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        return request.append("\r\n").toString();
    }

    /** The response's status line and headers, up to the blank line. */
    public static String responseHead(int port, String path, Map<String, String> headers) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request("127.0.0.1", port, path, headers)
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            for (int b = in.read(); b >= 0; b = in.read()) {
                head.append((char) b);
                if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                    break;
                }
            }
            return head.toString();
        }
    }

    public static int status(int port, String path, Map<String, String> headers) throws IOException {
        return status(port, path, List.of("websocket"), headers);
    }

    /** The status of a handshake with the given {@code Upgrade} header values. */
    public static int status(int port, String path, List<String> upgrades, Map<String, String> headers)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request("127.0.0.1", port, path, upgrades, headers)
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder statusLine = new StringBuilder();
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                statusLine.append((char) b);
            }
            String[] parts = statusLine.toString().split(" ");
            if (parts.length < 2) {
                throw new IOException("no HTTP status line: " + statusLine);
            }
            return Integer.parseInt(parts[1]);
        }
    }
}
