package io.seriesflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class M4AggregationTest {
    private static final StreamDescriptor STREAM = new StreamDescriptor(StreamId.of("s"), 0, "e", 0);

    /** A known series: a noisy sine with bursts of equal values and uneven spacing in time. */
    private static List<Point> series(int n, long start, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Point> points = new ArrayList<>(n);
        long ts = start;
        for (int i = 0; i < n; i++) {
            ts += random.nextInt(4);
            double value = random.nextInt(10) == 0 ? 1.0 : Math.sin(i / 500.0) + random.nextGaussian() * 0.1;
            points.add(new Point(i + 1, ts, value));
        }
        return points;
    }

    /** The reference: per bucket, the first, the first lowest, the first highest and the last, by brute force. */
    private static List<Long> expected(List<Point> points, long from, double width, long lastBucket) {
        TreeMap<Long, List<Point>> buckets = new TreeMap<>();
        for (Point p : points) {
            long index = Math.min(lastBucket, (long) Math.floor((p.timestamp() - from) / width));
            buckets.computeIfAbsent(index, k -> new ArrayList<>()).add(p);
        }
        List<Long> seqs = new ArrayList<>();
        for (List<Point> bucket : buckets.values()) {
            Point min = bucket.get(0);
            Point max = bucket.get(0);
            for (Point p : bucket) {
                min = p.value() < min.value() ? p : min;
                max = p.value() > max.value() ? p : max;
            }
            java.util.TreeSet<Long> kept = new java.util.TreeSet<>(List.of(bucket.get(0).seq(), min.seq(), max.seq(),
                    bucket.get(bucket.size() - 1).seq()));
            seqs.addAll(kept);
        }
        return seqs;
    }

    private static List<Long> seqs(PointAggregate aggregate) {
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < aggregate.size(); i++) {
            seqs.add(aggregate.seqAt(i));
        }
        return seqs;
    }

    @Test
    void aWindowKeepsEveryBucketsFirstLowestHighestAndLastExactly() {
        List<Point> points = series(1_000_000, 1_000_000, 7);
        long from = points.get(0).timestamp();
        long to = points.get(points.size() - 1).timestamp();
        M4Aggregation aggregation = M4Aggregation.window(from, to, 900);
        points.forEach(p -> aggregation.add(p.seq(), p.timestamp(), p.value()));

        PointAggregate aggregate = aggregation.build(STREAM, AggregateReason.BACKFILL);

        assertEquals(expected(points, from, (to - from) / 900.0, 899), seqs(aggregate));
        assertTrue(aggregate.size() <= 4 * 900, "at most four points per bucket: " + aggregate.size());
        assertEquals(1, aggregate.firstSeq());
        assertEquals(1_000_000, aggregate.lastSeq());
        for (int i = 0; i < aggregate.size(); i++) {
            Point original = points.get((int) aggregate.seqAt(i) - 1);
            assertEquals(original.timestamp(), aggregate.timestampAt(i));
            assertEquals(original.value(), aggregate.valueAt(i), "a kept point is the real point");
        }
    }

    @Test
    void aggregatingAnAggregateOnACoarserNestedGridEqualsAggregatingThePoints() {
        List<Point> points = series(50_000, 1_764_400_000_000L, 11);
        M4Aggregation fine = M4Aggregation.grid(16);
        M4Aggregation direct = M4Aggregation.grid(256);
        points.forEach(p -> {
            fine.add(p.seq(), p.timestamp(), p.value());
            direct.add(p.seq(), p.timestamp(), p.value());
        });
        M4Aggregation coarse = M4Aggregation.grid(256);
        coarse.addAll(fine.build(STREAM, AggregateReason.OVERFLOW), 0);

        assertEquals(seqs(direct.build(STREAM, AggregateReason.OVERFLOW)),
                seqs(coarse.build(STREAM, AggregateReason.OVERFLOW)));
    }

    @Test
    void aBucketOfOnePointKeepsItOnceAndPointsAfterTheWindowFallIntoTheLastBucket() {
        M4Aggregation aggregation = M4Aggregation.window(0, 100, 10);
        aggregation.add(1, 5, 1.0);
        aggregation.add(2, 95, 2.0);
        aggregation.add(3, 150, 0.5);
        aggregation.add(4, 160, 3.0);
        aggregation.add(5, 170, 2.5);

        PointAggregate aggregate = aggregation.build(STREAM, AggregateReason.BACKFILL);

        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(aggregate));
        assertEquals(10.0, aggregate.bucketMillis());
    }

    @Test
    void powersOfTwoAndBadGridsAreChecked() {
        assertEquals(1, M4Aggregation.powerOfTwoAtLeast(0));
        assertEquals(64, M4Aggregation.powerOfTwoAtLeast(64));
        assertEquals(128, M4Aggregation.powerOfTwoAtLeast(65));
        assertThrows(IllegalArgumentException.class, () -> M4Aggregation.grid(100));
        assertThrows(IllegalArgumentException.class, () -> M4Aggregation.window(10, 10, 5));
        assertThrows(IllegalStateException.class,
                () -> M4Aggregation.grid(8).build(STREAM, AggregateReason.OVERFLOW));
    }
}
