package io.seriesflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialLaneTest {
    @Test
    void runsTasksOneAtATimeInSubmissionOrderOnAPool() throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialLane lane = new SerialLane("t", pool);
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger running = new AtomicInteger();
            AtomicInteger maxRunning = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(10_000);
            for (int i = 0; i < 10_000; i++) {
                int n = i;
                lane.execute(() -> {
                    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    order.add(n);
                    running.decrementAndGet();
                    done.countDown();
                });
            }
            assertEquals(true, done.await(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS));
            assertEquals(1, maxRunning.get());
            for (int i = 0; i < order.size(); i++) {
                assertEquals(i, order.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingTaskDoesNotStopTheLane() {
        SerialLane lane = new SerialLane("t", Runnable::run);
        List<String> ran = new ArrayList<>();
        lane.execute(() -> {
            throw new IllegalStateException("boom");
        });
        lane.execute(() -> ran.add("next"));
        assertEquals(List.of("next"), ran);
    }
}
