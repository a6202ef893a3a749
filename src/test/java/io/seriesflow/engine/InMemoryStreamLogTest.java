package io.seriesflow.engine;

import java.time.InstantSource;

/** The log contract for the log kept in this node's memory. */
class InMemoryStreamLogTest extends StreamLogContract {
    @Override
    protected StreamLog newLog(StreamRegistry registry) {
        return new InMemoryStreamLog(registry, InstantSource.system(), Ticker.system(), 1_000, 600_000);
    }
}
