package io.seriesflow.protocol;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * The {@code Content-Encoding} of an ingest body and its decoding within a size limit. The limit applies to the
 * decoded bytes and decoding stops as soon as it is passed, so a small compressed body that would inflate to
 * gigabytes (a "zip bomb") costs at most the limit plus one buffer. Stateless.
 */
public enum ContentCoding {
    IDENTITY,
    GZIP,
    /** HTTP's "deflate": zlib-wrapped (RFC 1950); raw deflate (RFC 1951), which some senders use, is accepted. */
    DEFLATE;

    private static final int CHUNK = 8192;

    /**
     * The coding a {@code Content-Encoding} header names: absent, {@code identity}, {@code gzip} (also
     * {@code x-gzip}) or {@code deflate}, in any case; {@code identity} entries in a list are ignored. Empty for
     * anything else, including more than one coding.
     */
    public static Optional<ContentCoding> forHeader(String header) {
        if (header == null) {
            return Optional.of(IDENTITY);
        }
        ContentCoding found = IDENTITY;
        for (String token : header.split(",")) {
            ContentCoding coding = switch (token.trim().toLowerCase(Locale.ROOT)) {
                case "identity", "" -> IDENTITY;
                case "gzip", "x-gzip" -> GZIP;
                case "deflate" -> DEFLATE;
                default -> null;
            };
            if (coding == null || coding != IDENTITY && found != IDENTITY) {
                return Optional.empty();
            }
            found = coding == IDENTITY ? found : coding;
        }
        return Optional.of(found);
    }

    public static String supported() {
        return "gzip, deflate, identity";
    }

    /**
     * The decoded body.
     *
     * @param body the body as sent; read only as far as needed
     * @throws IngestLimitException as soon as the decoded body exceeds {@code maxBytes}
     * @throws IngestFormatException when the body is not valid in this coding
     */
    public byte[] decode(InputStream body, int maxBytes) {
        try {
            return switch (this) {
                case IDENTITY -> copy(body, maxBytes);
                case GZIP -> {
                    try (InputStream in = new GZIPInputStream(body, CHUNK)) {
                        yield copy(in, maxBytes);
                    }
                }
                case DEFLATE -> inflate(body, maxBytes);
            };
        } catch (ZipException | EOFException e) {
            throw new IngestFormatException(null, "the body is not valid " + name().toLowerCase(Locale.ROOT)
                    + " data (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] inflate(InputStream body, int maxBytes) throws IOException {
        PushbackInputStream in = new PushbackInputStream(body, 2);
        byte[] head = in.readNBytes(2);
        in.unread(head);
        boolean zlib = head.length == 2 && (head[0] & 0x0f) == 8
                && (((head[0] & 0xff) << 8) | (head[1] & 0xff)) % 31 == 0;
        Inflater inflater = new Inflater(!zlib);
        try (InputStream inflated = new InflaterInputStream(in, inflater, CHUNK)) {
            byte[] decoded = copy(inflated, maxBytes);
            if (!inflater.finished()) {
                throw new EOFException("the deflate stream ends too early");
            }
            return decoded;
        } finally {
            inflater.end();
        }
    }

    private static byte[] copy(InputStream in, int maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, CHUNK));
        byte[] buffer = new byte[CHUNK];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            if (out.size() + (long) n > maxBytes) {
                throw new IngestLimitException("the decoded body exceeds the limit of " + maxBytes
                        + " bytes (seriesflow.ingest-max-bytes)");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
