package io.seriesflow.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Content codings: what real senders send decodes exactly; limits apply to the decoded bytes, and early. */
class ContentCodingTest {
    private static final byte[] TEXT = "m value=1\nm value=2\n".repeat(100).getBytes(StandardCharsets.UTF_8);

    @Test
    void theHeaderNamesOneSupportedCoding() {
        assertEquals(Optional.of(ContentCoding.IDENTITY), ContentCoding.forHeader(null));
        assertEquals(Optional.of(ContentCoding.IDENTITY), ContentCoding.forHeader("Identity"));
        assertEquals(Optional.of(ContentCoding.GZIP), ContentCoding.forHeader("GZIP"));
        assertEquals(Optional.of(ContentCoding.GZIP), ContentCoding.forHeader("x-gzip"));
        assertEquals(Optional.of(ContentCoding.GZIP), ContentCoding.forHeader("identity, gzip"));
        assertEquals(Optional.of(ContentCoding.DEFLATE), ContentCoding.forHeader(" deflate "));
        assertEquals(Optional.empty(), ContentCoding.forHeader("br"));
        assertEquals(Optional.empty(), ContentCoding.forHeader("zstd"));
        assertEquals(Optional.empty(), ContentCoding.forHeader("gzip, deflate"), "more than one coding");
    }

    @Test
    void everyCodingDecodesExactly() {
        assertArrayEquals(TEXT, ContentCoding.IDENTITY.decode(new ByteArrayInputStream(TEXT), TEXT.length));
        assertArrayEquals(TEXT, ContentCoding.GZIP.decode(new ByteArrayInputStream(gzip(TEXT)), TEXT.length));
        assertArrayEquals(TEXT, ContentCoding.DEFLATE.decode(new ByteArrayInputStream(deflate(TEXT, false)),
                TEXT.length));
        assertArrayEquals(TEXT, ContentCoding.DEFLATE.decode(new ByteArrayInputStream(deflate(TEXT, true)),
                TEXT.length), "raw deflate, as some senders send it");
    }

    @Test
    void oneByteOverTheLimitAfterDecodingIsRefused() {
        for (ContentCoding coding : ContentCoding.values()) {
            byte[] sent = switch (coding) {
                case IDENTITY -> TEXT;
                case GZIP -> gzip(TEXT);
                case DEFLATE -> deflate(TEXT, false);
            };
            IngestLimitException refused = assertThrows(IngestLimitException.class,
                    () -> coding.decode(new ByteArrayInputStream(sent), TEXT.length - 1), coding.name());
            assertTrue(refused.getMessage().contains("limit of " + (TEXT.length - 1) + " bytes"));
        }
    }

    @Test
    void aZipBombStopsInflatingAsSoonAsTheLimitIsPassed() {
        byte[] bomb = gzip(new byte[200 * 1024 * 1024]);
        CountingStream sent = new CountingStream(new ByteArrayInputStream(bomb));

        assertThrows(IngestLimitException.class, () -> ContentCoding.GZIP.decode(sent, 1024 * 1024));

        assertTrue(bomb.length > 150_000, "the bomb is " + bomb.length + " bytes compressed");
        assertTrue(sent.count < 20_000, "read " + sent.count + " of " + bomb.length + " compressed bytes");
    }

    @Test
    void corruptOrTruncatedBodiesAreFormatErrors() {
        byte[] zipped = gzip(TEXT);
        byte[] truncated = Arrays.copyOf(zipped, zipped.length / 2);
        byte[] notZipped = "not gzip at all".getBytes(StandardCharsets.UTF_8);
        for (byte[] body : new byte[][] {truncated, notZipped, new byte[0]}) {
            IngestFormatException refused = assertThrows(IngestFormatException.class,
                    () -> ContentCoding.GZIP.decode(new ByteArrayInputStream(body), 1 << 20));
            assertTrue(refused.getMessage().startsWith("the body is not valid gzip data"), refused.getMessage());
        }
        byte[] deflated = deflate(TEXT, false);
        assertThrows(IngestFormatException.class, () -> ContentCoding.DEFLATE.decode(
                new ByteArrayInputStream(Arrays.copyOf(deflated, deflated.length / 2)), 1 << 20));
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream zip = new GZIPOutputStream(out)) {
            zip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] data, boolean raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
        try (OutputStream zip = new DeflaterOutputStream(out, deflater)) {
            zip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }

    /** Counts the compressed bytes the decoder pulled. Not thread-safe. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(0, n);
            return n;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }
    }
}
