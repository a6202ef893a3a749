package io.seriesflow.redis;

import java.net.URI;
import java.util.Objects;

/**
 * How to reach Redis and how much to read at once. Immutable.
 *
 * @param url redis:// or rediss:// with optional user, password and database
 * @param keyPrefix what every key starts with
 * @param timeoutMillis connect and command timeout; a publish still unconfirmed after it is retried
 * @param poolSize connections (and threads for appends and reads)
 * @param readCount entries read at once when following or loading history
 * @param idempotencyWindowMillis how long a publish's idempotency key is kept
 */
public record RedisOptions(URI url, String keyPrefix, int timeoutMillis, int poolSize, int readCount,
                           long idempotencyWindowMillis) {
    public RedisOptions {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        if (timeoutMillis < 1 || poolSize < 2 || readCount < 1 || idempotencyWindowMillis < 1) {
            throw new IllegalArgumentException("Redis options must be positive, with at least two connections");
        }
    }
}
