package io.seriesflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.FakeCodec;
import io.seriesflow.testkit.RecordingTransport;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StreamLog} promises, run against each implementation: contiguous seqs assigned atomically at
 * the log, timestamp checks that apply nothing on refusal, a refused publish that creates no stream, limits,
 * idempotency keys, reads, metadata, trimming, one total order under concurrent appends, a local stream fed
 * with every point in order, and display names and units stored by publishes.
 */
public abstract class StreamLogContract {
    protected static final StreamId S = StreamId.of("s");
    private static final long TIMEOUT = 10;

    private final List<AutoCloseable> opened = new ArrayList<>();
    private ExecutorService lanes;
    protected StreamRegistry registry;
    protected StreamLog log;
    protected Hub hub;

    /** A fresh, empty log for the registry's limits. */
    protected abstract StreamLog newLog(StreamRegistry registry);

    @BeforeEach
    void openLog() {
        lanes = Executors.newFixedThreadPool(2);
        registry = new StreamRegistry(new StreamLimits(1_000, 600_000, 3, true, 60_000, false), lanes,
                InstantSource.system(), Ticker.system(), new Epochs());
        log = newLog(registry);
        hub = new Hub(registry, log, SourceLeases.local(), ClientLimits.ofQueue(1_000_000, OverflowPolicy.DROP_OLDEST),
                new ConnectionPolicy(100, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(1)),
                InstantSource.system(), Ticker.system(), Runnable::run);
    }

    @AfterEach
    void closeLog() throws Exception {
        hub.close();
        log.close();
        lanes.shutdownNow();
        for (AutoCloseable resource : opened) {
            resource.close();
        }
    }

    protected void closeAfter(AutoCloseable resource) {
        opened.add(resource);
    }

    private static PointBatch points(long... timestamps) {
        double[] values = new double[timestamps.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = timestamps[i] / 10.0;
        }
        return new PointBatch(timestamps, values);
    }

    private static PointBatch now(int n) {
        long[] timestamps = new long[n];
        java.util.Arrays.fill(timestamps, PointBatch.NOW);
        return new PointBatch(timestamps, new double[n]);
    }

    private PublishResult append(StreamId id, PointBatch batch) throws Exception {
        return log.append(id, batch, Optional.empty()).get(TIMEOUT, TimeUnit.SECONDS);
    }

    private Throwable refusal(StreamId id, PointBatch batch) {
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> log.append(id, batch, Optional.empty()).get(TIMEOUT, TimeUnit.SECONDS));
        return failure.getCause();
    }

    private static long base() {
        return System.currentTimeMillis() - 60_000;
    }

    @Test
    void appendsGetContiguousSeqsInOneEpoch() throws Exception {
        long t = base();
        PublishResult first = append(S, points(t, t + 1, t + 2));
        PublishResult second = append(S, now(2));

        assertEquals(1, first.firstSeq());
        assertEquals(3, first.lastSeq());
        assertEquals(4, second.firstSeq());
        assertEquals(5, second.lastSeq());
        assertEquals(first.epoch(), second.epoch());
        LogMeta meta = log.meta(S).get(TIMEOUT, TimeUnit.SECONDS).orElseThrow();
        assertEquals(first.epoch(), meta.epoch());
        assertEquals(1, meta.firstSeq());
        assertEquals(5, meta.lastSeq());
    }

    @Test
    void aTimestampGoingBackOrTooFarAheadRefusesTheWholeBatch() throws Exception {
        long t = base();
        append(S, points(t + 100, t + 200));

        TimestampOrderException back = assertInstanceOf(TimestampOrderException.class,
                refusal(S, points(t + 150, t + 300)));
        assertEquals(0, back.index());
        TimestampOrderException inside = assertInstanceOf(TimestampOrderException.class,
                refusal(S, points(t + 300, t + 250)));
        assertEquals(1, inside.index());
        long ahead = System.currentTimeMillis() + 3_600_000;
        TimestampOrderException future = assertInstanceOf(TimestampOrderException.class,
                refusal(S, points(t + 300, ahead)));
        assertEquals(1, future.index());

        assertEquals(2, log.meta(S).get(TIMEOUT, TimeUnit.SECONDS).orElseThrow().lastSeq(), "nothing applied");
        assertEquals(3, append(S, points(t + 200)).firstSeq(), "an equal timestamp is fine, seqs go on");
    }

    @Test
    void pointsWithoutTimestampAreStampedAndNeverGoBack() throws Exception {
        long ahead = System.currentTimeMillis() + 30_000;
        append(S, points(ahead));
        append(S, now(1));

        List<LogEntry> entries = log.read(S, 1, 10).get(TIMEOUT, TimeUnit.SECONDS);
        long last = entries.get(entries.size() - 1).timestampAt(entries.get(entries.size() - 1).size() - 1);
        assertEquals(ahead, last, "a point stamped now does not go before the previous one");
    }

    @Test
    void aRefusedPublishCreatesNoStreamAndTheStreamLimitHolds() throws Exception {
        long ahead = System.currentTimeMillis() + 3_600_000;
        assertInstanceOf(TimestampOrderException.class, refusal(StreamId.of("never"), points(ahead)));
        assertTrue(log.meta(StreamId.of("never")).get(TIMEOUT, TimeUnit.SECONDS).isEmpty());

        append(StreamId.of("a"), now(1));
        append(StreamId.of("b"), now(1));
        append(StreamId.of("c"), now(1));
        assertInstanceOf(StreamLimitException.class, refusal(StreamId.of("d"), now(1)));
        assertEquals(List.of("a", "b", "c"), log.list().get(TIMEOUT, TimeUnit.SECONDS).stream()
                .map(meta -> meta.stream().name()).sorted().toList());
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyAppliesNothingTwice() throws Exception {
        PublishResult first = log.append(S, now(3), Optional.of("key-1")).get(TIMEOUT, TimeUnit.SECONDS);
        PublishResult retry = log.append(S, now(3), Optional.of("key-1")).get(TIMEOUT, TimeUnit.SECONDS);
        PublishResult other = log.append(S, now(1), Optional.of("key-2")).get(TIMEOUT, TimeUnit.SECONDS);

        assertEquals(first, retry);
        assertEquals(4, other.firstSeq());
        assertEquals(4, log.meta(S).get(TIMEOUT, TimeUnit.SECONDS).orElseThrow().lastSeq());
    }

    @Test
    void readsReturnTheRetainedPointsFromASeq() throws Exception {
        long t = base();
        append(S, points(t, t + 1, t + 2, t + 3));
        append(S, points(t + 4, t + 5));

        List<Long> seqs = new ArrayList<>();
        for (LogEntry entry : log.read(S, 3, 100).get(TIMEOUT, TimeUnit.SECONDS)) {
            for (int i = 0; i < entry.size(); i++) {
                if (entry.firstSeq() + i >= 3) {
                    seqs.add(entry.firstSeq() + i);
                    assertEquals(t + entry.firstSeq() + i - 1, entry.timestampAt(i));
                }
            }
        }
        assertEquals(List.of(3L, 4L, 5L, 6L), seqs);
    }

    @Test
    void historyIsTrimmedByCount() throws Exception {
        for (int i = 0; i < 30; i++) {
            append(S, now(100));
        }
        LogMeta meta = log.meta(S).get(TIMEOUT, TimeUnit.SECONDS).orElseThrow();
        assertEquals(3_000, meta.lastSeq());
        assertTrue(meta.firstSeq() > 1 && meta.firstSeq() <= 2_001, "about 1,000 points retained: " + meta);
    }

    @Test
    void concurrentAppendsFormOneOrderWithEveryPointOnce() throws Exception {
        ExecutorService publishers = Executors.newFixedThreadPool(4);
        try {
            List<Future<PublishResult>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                results.add(publishers.submit(() -> append(S, now(5))));
            }
            List<long[]> ranges = new ArrayList<>();
            for (Future<PublishResult> result : results) {
                PublishResult published = result.get(30, TimeUnit.SECONDS);
                ranges.add(new long[] {published.firstSeq(), published.lastSeq()});
            }
            ranges.sort((a, b) -> Long.compare(a[0], b[0]));
            long expected = 1;
            for (long[] range : ranges) {
                assertEquals(expected, range[0], "no hole, no overlap");
                expected = range[1] + 1;
            }
            assertEquals(1_001, expected);
        } finally {
            publishers.shutdownNow();
        }
    }

    @Test
    void aLocalStreamIsFedEveryPointInOrder() throws Exception {
        append(S, now(5));
        Stream local = hub.lookup(S).get(TIMEOUT, TimeUnit.SECONDS).orElseThrow();
        RecordingTransport client = new RecordingTransport("c");
        hub.connect(client, new FakeCodec(1_000)).orElseThrow().subscribe(local, Resume.after(2, null))
                .orElseThrow().get(TIMEOUT, TimeUnit.SECONDS);
        append(S, now(3));
        append(S, now(2));

        Awaits.await("the client to receive seq 10", Duration.ofSeconds(10), () -> seqs(client).contains(10L),
                () -> client.frames().toString());
        assertEquals(LongStream.rangeClosed(3, 10).boxed().toList(), seqs(client));
    }

    @Test
    void aPublishStoresTheDisplayNameAndUnitWithTheStreamAndFollowersShowThem() throws Exception {
        log.append(S, now(1), Optional.empty(), new StreamLabel.Change(Optional.of("Hall"), Optional.of("°F")))
                .get(TIMEOUT, TimeUnit.SECONDS);
        assertEquals(new StreamLabel("Hall", "°F"), log.meta(S).get(TIMEOUT, TimeUnit.SECONDS).orElseThrow().label());
        long ahead = System.currentTimeMillis() + 3_600_000;
        assertThrows(ExecutionException.class, () -> log.append(S, points(ahead), Optional.empty(),
                new StreamLabel.Change(Optional.of("Never"), Optional.empty())).get(TIMEOUT, TimeUnit.SECONDS));
        log.append(S, now(1), Optional.empty(), new StreamLabel.Change(Optional.empty(), Optional.of("K")))
                .get(TIMEOUT, TimeUnit.SECONDS);
        assertEquals(new StreamLabel("Hall", "K"), log.meta(S).get(TIMEOUT, TimeUnit.SECONDS).orElseThrow().label(),
                "a refused publish changes nothing; a field not given stays");

        Stream local = hub.lookup(S).get(TIMEOUT, TimeUnit.SECONDS).orElseThrow();
        Awaits.await("the local stream to show the label", Duration.ofSeconds(10),
                () -> local.descriptor().label().equals(new StreamLabel("Hall", "K")),
                () -> local.descriptor().toString());
        log.append(S, now(1), Optional.empty(), new StreamLabel.Change(Optional.empty(), Optional.of("mV")))
                .get(TIMEOUT, TimeUnit.SECONDS);
        Awaits.await("the local stream to follow a later change", Duration.ofSeconds(15),
                () -> local.descriptor().label().unit().equals("mV"), () -> local.descriptor().toString());
    }

    private static List<Long> seqs(RecordingTransport client) {
        List<Long> seqs = new ArrayList<>();
        client.frames().forEach(frame -> seqs.addAll(FakeCodec.seqs(frame)));
        return seqs;
    }
}
