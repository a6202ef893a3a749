package io.seriesflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.EmbeddedTomcat;
import io.seriesflow.testkit.ThrottledClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The aggregate overflow policy over real sockets: in one run, a stream of 1,000 points/s goes to a client that
 * keeps up, and to two clients whose links carry a tenth of what the first receives, one asking for aggregates and
 * one for drop-oldest. The aggregating client gets aggregates standing for every seq, the dropping one gets gaps,
 * the fast one gets every point.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AggregatePolicyIT {
    private static final String SUBSCRIBE = "{\"type\":\"subscribe\",\"stream\":\"fast\",\"overflow\":\"%s\"}";

    @Test
    void aLaggingClientGetsAggregatesWhereADroppingOneGetsGapsAndAFastOneEveryPoint() throws Exception {
        // A small socket send buffer, as IsolationIT has: what a slow link cannot take waits in the client's queue.
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start("", Map.of("seriesflow.generators", "fast:sine:1",
                "seriesflow.client-queue-bytes", "32768", "seriesflow.max-points-per-frame", "100",
                "seriesflow.blocking-send-timeout-ms", "5000", "seriesflow.client-max-lag-ms", "20000"),
                Map.of("socket.txBufSize", "4096"));
             ThrottledClient fast = ThrottledClient.connect(tomcat.port(), "/ws", SUBSCRIBE.formatted("drop-oldest"),
                     0)) {
            Awaits.await("the fast client to receive", Duration.ofSeconds(20), () -> fast.lastSeq() > 200);
            long bytesBefore = fast.bytes();
            long measuring = System.nanoTime();
            Awaits.await("two seconds of the stream", Duration.ofSeconds(5),
                    () -> System.nanoTime() - measuring >= 2_000_000_000L);
            long rate = (fast.bytes() - bytesBefore) * 1_000_000_000L / (System.nanoTime() - measuring);
            long tenth = Math.max(1_000, rate / 10);
            try (ThrottledClient aggregating = ThrottledClient.connect(tomcat.port(), "/ws",
                    SUBSCRIBE.formatted("aggregate"), tenth);
                 ThrottledClient dropping = ThrottledClient.connect(tomcat.port(), "/ws",
                         SUBSCRIBE.formatted("drop-oldest"), tenth)) {
                long throttled = System.nanoTime();
                Awaits.await("twelve seconds at a tenth of the rate", Duration.ofSeconds(20),
                        () -> System.nanoTime() - throttled >= 12_000_000_000L);
                assertEquals(0, aggregating.closeCode(), "the aggregating client is still connected");
                assertEquals(0, dropping.closeCode(), "the dropping client is still connected");
                aggregating.throttle(0);
                dropping.throttle(0);
                long target = fast.lastSeq();
                Awaits.await("the slow clients to catch up", Duration.ofSeconds(30),
                        () -> aggregating.lastSeq() >= target && dropping.lastSeq() >= target,
                        () -> aggregating.lastSeq() + " " + dropping.lastSeq() + " of " + target);

                System.out.printf("AggregatePolicyIT: fast client %d B/s; at %d B/s the aggregating client got %d "
                        + "of %d points exactly, in %d aggregates; the dropping one %d gaps%n", rate, tenth,
                        aggregating.exactPoints(), target - aggregating.ranges().get(0).from() + 1,
                        aggregating.ranges().stream().filter(r -> r.kind().startsWith("aggregate")).count(),
                        dropping.gaps().size());
                assertTrue(aggregating.ranges().stream().anyMatch(r -> r.kind().equals("aggregate:overflow")),
                        "aggregates among " + aggregating.ranges().size() + " messages");
                assertEquals(List.of(), aggregating.gaps(), "no gap");
                assertEveryPointOnce(aggregating.ranges(), "the aggregating client");
                assertFalse(dropping.gaps().isEmpty(), "the drop-oldest client loses points and is told");
                assertTrue(dropping.gaps().stream().allMatch(g -> g.kind().equals("gap:overflow")));
                assertTrue(dropping.ranges().stream().noneMatch(r -> r.kind().startsWith("aggregate")));
            }
            assertEquals(List.of(), fast.gaps(), "the fast client is unaffected");
            assertTrue(fast.ranges().stream().allMatch(r -> r.kind().equals("points")));
            assertEveryPointOnce(fast.ranges(), "the fast client");
        }
    }

    /** The messages' seq ranges follow each other with no hole and no overlap. */
    private static void assertEveryPointOnce(List<ThrottledClient.Range> ranges, String who) {
        long next = ranges.get(0).from();
        for (ThrottledClient.Range range : ranges) {
            if (range.from() != next) {
                throw new AssertionError(who + ": expected seq " + next + " next, got " + range);
            }
            next = range.to() + 1;
        }
    }
}
