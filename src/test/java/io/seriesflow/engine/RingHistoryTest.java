package io.seriesflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RingHistoryTest {
    private final StreamDescriptor stream = new StreamDescriptor(StreamId.of("s"), 0, "e", 0);

    @Test
    void keepsAtMostCapacityPointsDroppingTheOldest() {
        RingHistory history = new RingHistory(3, 1_000_000);
        for (long seq = 1; seq <= 5; seq++) {
            history.append(seq, seq * 10, seq);
        }

        assertEquals(3, history.firstSeq());
        assertEquals(5, history.lastSeq());
        assertEquals(3, history.size());
    }

    @Test
    void evictsPointsOlderThanTheMaximumAge() {
        RingHistory history = new RingHistory(100, 1_000);
        history.append(1, 10_000, 1);
        history.append(2, 10_500, 2);
        history.append(3, 11_200, 3);

        history.evictExpired(11_400);

        assertEquals(2, history.firstSeq());
        history.evictExpired(20_000);
        assertTrue(history.isEmpty());
    }

    @Test
    void chunksFromCopiesTheRequestedRangeInChunks() {
        RingHistory history = new RingHistory(4, 1_000_000);
        for (long seq = 1; seq <= 6; seq++) {
            history.append(seq, seq * 10, seq * 1.5);
        }

        List<PointChunk> chunks = history.chunksFrom(stream, 2, 100, 3);

        assertEquals(2, chunks.size(), "3..5 and 6");
        assertEquals(3, chunks.get(0).firstSeq());
        assertEquals(3, chunks.get(0).size());
        assertEquals(new Point(6, 60, 9), chunks.get(1).pointAt(0));
        assertEquals(2, history.chunksFrom(stream, 4, 2, 10).get(0).size(), "limit");
    }

    @Test
    void sequenceNumbersMustFollowEachOther() {
        RingHistory history = new RingHistory(4, 1_000);
        history.append(7, 1, 1);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> history.append(9, 2, 2));
    }
}
