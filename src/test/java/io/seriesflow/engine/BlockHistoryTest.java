package io.seriesflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class BlockHistoryTest {
    private static final StreamDescriptor STREAM = new StreamDescriptor(StreamId.of("s"), 0, "e", 0);

    private static List<Long> seqs(List<PointChunk> chunks) {
        return chunks.stream().flatMap(c -> LongStream.rangeClosed(c.firstSeq(), c.lastSeq()).boxed()).toList();
    }

    private static void fill(BlockHistory history, long from, long to) {
        for (long seq = from; seq <= to; seq++) {
            history.append(seq, seq * 10, seq);
        }
    }

    @Test
    void keepsTheNewestPointsUpToItsCapacity() {
        BlockHistory history = new BlockHistory(100, 1_000_000);
        fill(history, 1, 250);

        assertEquals(100, history.size());
        assertEquals(151, history.firstSeq());
        assertEquals(250, history.lastSeq());
        assertEquals(LongStream.rangeClosed(151, 250).boxed().toList(),
                seqs(history.chunksFrom(STREAM, 0, Integer.MAX_VALUE)));
        PointChunk last = history.chunksFrom(STREAM, 250, 1).get(0);
        assertEquals(2500, last.timestampAt(0));
        assertEquals(250.0, last.valueAt(0));
    }

    @Test
    void memoryFollowsWhatIsRetainedNotTheCapacity() {
        BlockHistory history = new BlockHistory(10_000, 1_000_000);
        history.append(1, 10, 1);
        assertEquals(BlockHistory.FIRST_BLOCK, history.allocatedPoints(), "one point costs one small block");

        fill(history, 2, 1_000);
        assertTrue(history.allocatedPoints() < 2 * 1_000, "blocks double as points arrive: "
                + history.allocatedPoints());

        fill(history, 1_001, 50_000);
        assertTrue(history.allocatedPoints() <= 10_000 + 2 * BlockHistory.MAX_BLOCK,
                "at most a partly evicted first block and a partly filled last one beyond the capacity: "
                        + history.allocatedPoints());
    }

    @Test
    void evictionByAgeDropsWholeBlocksAndAnEmptyHistoryHoldsNothing() {
        BlockHistory history = new BlockHistory(10_000, 1_000);
        fill(history, 1, 500); // timestamps 10..5000
        history.evictExpired(5_000); // cutoff 4000: points with ts below it (seq < 400) go

        assertEquals(400, history.firstSeq());
        assertTrue(history.allocatedPoints() < 1_000, "blocks whose points all aged out are gone: "
                + history.allocatedPoints());
        history.evictExpired(1_000_000);
        assertTrue(history.isEmpty());
        assertEquals(0, history.allocatedPoints());

        history.append(501, 10_000, 1);
        assertEquals(501, history.firstSeq(), "a new start after everything aged out");
        assertEquals(BlockHistory.FIRST_BLOCK, history.allocatedPoints());
    }

    @Test
    void readsAreViewsOfTheSameBlocksNotCopies() {
        BlockHistory history = new BlockHistory(1_000, 1_000_000);
        fill(history, 1, 300);

        List<PointChunk> first = history.chunksFrom(STREAM, 100, Integer.MAX_VALUE);
        List<PointChunk> second = history.chunksFrom(STREAM, 100, Integer.MAX_VALUE);

        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
            assertTrue(first.get(i).sharesStorageWith(second.get(i)), "chunk " + i + " shares its arrays");
        }
        assertEquals(LongStream.rangeClosed(100, 300).boxed().toList(), seqs(first));
        fill(history, 301, 400);
        assertEquals(LongStream.rangeClosed(100, 300).boxed().toList(), seqs(first),
                "a view never changes when later points arrive");
    }

    @Test
    void readsHonourTheLimitAndTheStart() {
        BlockHistory history = new BlockHistory(1_000, 1_000_000);
        fill(history, 1, 300);

        assertEquals(LongStream.rangeClosed(60, 69).boxed().toList(), seqs(history.chunksFrom(STREAM, 60, 10)));
        assertEquals(List.of(), history.chunksFrom(STREAM, 301, 10));
        assertEquals(LongStream.rangeClosed(1, 5).boxed().toList(), seqs(history.chunksFrom(STREAM, 0, 5)));
    }

    @Test
    void refusesAHoleInTheSequence() {
        BlockHistory history = new BlockHistory(10, 1_000);
        history.append(5, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> history.append(7, 2, 2));
    }
}
