package io.seriesflow.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Collects one ingest body as the container hands it over (Servlet non-blocking I/O), up to a byte limit, so no
 * thread waits for a slow sender. Not thread-safe: the container calls a listener one callback at a time.
 */
final class IngestBodyReader implements ReadListener {
    private static final int CHUNK = 8192;

    private final ServletInputStream in;
    private final IngestExchange exchange;
    private final int maxBytes;
    private final ByteArrayOutputStream body;
    private final byte[] buffer = new byte[CHUNK];

    IngestBodyReader(ServletInputStream in, IngestExchange exchange, int maxBytes, long declaredLength) {
        this.in = in;
        this.exchange = exchange;
        this.maxBytes = maxBytes;
        this.body = new ByteArrayOutputStream((int) Math.max(0, Math.min(declaredLength, Math.min(maxBytes, 65_536))));
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (exchange.isReading() && in.isReady()) {
            int n = in.read(buffer);
            if (n < 0) {
                return;
            }
            if (body.size() + n > maxBytes) {
                exchange.refuseWhileReading(new Problem(Problems.Type.TOO_LARGE, "the body exceeds the limit of "
                        + maxBytes + " bytes (seriesflow.ingest-max-bytes)"));
                return;
            }
            body.write(buffer, 0, n);
        }
    }

    @Override
    public void onAllDataRead() {
        exchange.bodyRead(body.toByteArray());
    }

    @Override
    public void onError(Throwable failure) {
        exchange.readFailed(failure);
    }
}
