package io.seriesflow.redis;

import io.seriesflow.engine.Epochs;
import io.seriesflow.engine.StreamLog;
import io.seriesflow.engine.StreamLogContract;
import io.seriesflow.engine.StreamRegistry;
import io.seriesflow.testkit.RedisServer;
import java.net.URI;
import java.nio.file.Path;

/** The log contract for the log on Redis Streams, against a real redis-server started on a free port. */
class RedisStreamLogTest extends StreamLogContract {
    @Override
    protected StreamLog newLog(StreamRegistry registry) {
        RedisServer redis = RedisServer.start(Path.of("target", "redis", "contract-" + System.nanoTime()));
        closeAfter(redis);
        return RedisStreamLog.connect(new RedisOptions(URI.create(redis.url()), "test:", 2_000, 4, 64, 60_000),
                registry.limits(), new Epochs(), "contract-node");
    }
}
