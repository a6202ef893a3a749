package io.seriesflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seriesflow.testkit.Awaits;
import io.seriesflow.testkit.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class SendThreadsTest {
    private final FakeClock clock = new FakeClock(0);
    /** The threads of the turns that blocked, to wait until each is parked before the clock moves. */
    private final List<Thread> blocked = new CopyOnWriteArrayList<>();

    @Test
    void threadsStuckInAWriteAreReplacedSoOtherTurnsStillRun() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger stuck = new AtomicInteger();
        try (SendThreads threads = new SendThreads(2, 10, 20, clock)) {
            for (int i = 0; i < 5; i++) {
                threads.execute(() -> {
                    blocked.add(Thread.currentThread());
                    stuck.incrementAndGet();
                    await(release);
                });
            }
            Awaits.await("both threads to block", Duration.ofSeconds(10), () -> stuck.get() == 2 && allParked());
            CountDownLatch healthy = new CountDownLatch(1);
            threads.execute(healthy::countDown);

            threads.adjust();
            assertEquals(2, threads.threads(), "not stuck yet: 20 ms have not passed");
            clock.advance(21);
            threads.adjust();

            Awaits.await("two more threads, which take the next two stalled turns", Duration.ofSeconds(10),
                    () -> stuck.get() == 4 && allParked());
            clock.advance(21);
            threads.adjust();
            assertTrue(healthy.await(10, TimeUnit.SECONDS), "the healthy turn ran although four threads are stuck");
            Awaits.await("the last stalled turn to get a thread", Duration.ofSeconds(10),
                    () -> stuck.get() == 5 && allParked());
            clock.advance(21);
            threads.adjust();
            CountDownLatch later = new CountDownLatch(1);
            threads.execute(later::countDown);
            assertTrue(later.await(10, TimeUnit.SECONDS), "a thread for a new turn besides the five stuck");
            assertEquals(7, threads.threads(), "two base threads and one for each of the five stuck");
            release.countDown();
            Awaits.await("the extra threads to end once they are not needed", Duration.ofSeconds(10), () -> {
                threads.adjust();
                return threads.threads() == 2;
            }, () -> threads.threads() + " threads");
        }
    }

    @Test
    void neverMoreThanTheMaximum() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        try (SendThreads threads = new SendThreads(1, 3, 20, clock)) {
            for (int i = 0; i < 10; i++) {
                threads.execute(() -> {
                    blocked.add(Thread.currentThread());
                    running.incrementAndGet();
                    await(release);
                });
            }
            for (int round = 0; round < 5; round++) {
                clock.advance(21);
                threads.adjust();
                Awaits.await("threads to pick up work", Duration.ofSeconds(10),
                        () -> running.get() == threads.threads() && allParked());
            }
            assertEquals(3, threads.threads());
            assertEquals(7, threads.waitingTurns());
            release.countDown();
        }
    }

    @Test
    void aTurnThatIsBusyComputingGetsNoExtraThread() throws Exception {
        AtomicBoolean spin = new AtomicBoolean(true);
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch next = new CountDownLatch(1);
        try (SendThreads threads = new SendThreads(1, 10, 20, clock)) {
            threads.execute(() -> {
                busy.countDown();
                while (spin.get()) {
                    Thread.onSpinWait(); // runs, as a turn encoding large frames on a busy machine does
                }
            });
            assertTrue(busy.await(10, TimeUnit.SECONDS));
            threads.execute(next::countDown);
            for (int round = 0; round < 5; round++) {
                clock.advance(21);
                threads.adjust();
            }
            assertEquals(1, threads.threads(), "a running turn is slow, not stuck: another thread would not help it");
            assertEquals(1, threads.waitingTurns(), "the next turn waits for the one thread");
            spin.set(false);
            assertTrue(next.await(10, TimeUnit.SECONDS), "the next turn runs once the busy one ends");
        }
    }

    @Test
    void aBurstOfTurnsRunsInOrderOfArrivalOnTheBaseThreads() throws Exception {
        int burst = 5_000;
        List<Integer> ran = new CopyOnWriteArrayList<>();
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        CountDownLatch all = new CountDownLatch(burst);
        try (SendThreads threads = new SendThreads(1, 4, 20, clock)) {
            for (int i = 0; i < burst; i++) {
                int turn = i;
                threads.execute(() -> {
                    used.add(Thread.currentThread());
                    ran.add(turn);
                    all.countDown();
                });
            }
            assertTrue(all.await(10, TimeUnit.SECONDS), "every turn ran");
            assertEquals(1, used.size(), "one base thread drained the whole burst");
            for (int i = 0; i < burst; i++) {
                assertEquals(i, ran.get(i), "turns run in the order they came");
            }
            Awaits.await("the drainer to leave the empty queue", Duration.ofSeconds(10),
                    () -> threads.waitingTurns() == 0 && threads.threads() == 1);
        }
    }

    @Test
    void turnsStartedInAFanOutWaitUntilItEndsThenEachRunsOnce() throws Exception {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(100);
        try (SendThreads threads = new SendThreads(2, 4, 20, clock)) {
            threads.together(() -> {
                for (int i = 0; i < 100; i++) {
                    int turn = i;
                    threads.execute(() -> {
                        ran.add(turn);
                        all.countDown();
                    });
                }
                threads.together(() -> threads.execute(() -> ran.add(-1))); // nested: the same batch
                assertTrue(ran.isEmpty(), "no turn runs before the fan-out ends");
                assertEquals(0, threads.waitingTurns(), "gathered turns are not queued yet");
            });
            assertTrue(all.await(10, TimeUnit.SECONDS), "every turn ran once the fan-out ended");
            Awaits.await("the nested fan-out's turn", Duration.ofSeconds(10), () -> ran.size() >= 101);
            Awaits.await("the drainers to leave the empty queue", Duration.ofSeconds(10),
                    () -> threads.waitingTurns() == 0);
            assertEquals(101, ran.size(), "no turn ran twice");
            assertEquals(101, Set.copyOf(ran).size(), "each turn ran");
        }
    }

    @Test
    void aTurnStuckInABatchHoldsUpNoOtherTurnOfIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch others = new CountDownLatch(50);
        try (SendThreads threads = new SendThreads(2, 4, 20, clock)) {
            threads.together(() -> {
                threads.execute(() -> {
                    blocked.add(Thread.currentThread());
                    await(release);
                });
                for (int i = 0; i < 50; i++) {
                    threads.execute(others::countDown);
                }
            });
            assertTrue(others.await(10, TimeUnit.SECONDS), "the other thread took the rest of the batch");
            release.countDown();
        }
    }

    @Test
    void aFanOutThatThrowsStillHandsOverTheTurnsItStarted() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        try (SendThreads threads = new SendThreads(1, 1, 20, clock)) {
            assertThrows(IllegalStateException.class, () -> threads.together(() -> {
                threads.execute(started::countDown);
                throw new IllegalStateException("a fan-out that fails halfway (expected in this test)");
            }));
            assertTrue(started.await(10, TimeUnit.SECONDS), "the turn started before the failure ran");
            CountDownLatch outside = new CountDownLatch(1);
            threads.execute(outside::countDown);
            assertTrue(outside.await(10, TimeUnit.SECONDS), "turns outside a fan-out are not gathered any more");
        }
    }

    @Test
    void turnsFromManyThreadsRaceTheDrainersAndEachRunsExactlyOnce() throws Exception {
        int producers = 4;
        int perProducer = 20_000;
        AtomicIntegerArray runs = new AtomicIntegerArray(producers * perProducer);
        CountDownLatch all = new CountDownLatch(producers * perProducer);
        try (SendThreads threads = new SendThreads(3, 3, 20, clock)) {
            List<Thread> started = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int first = p * perProducer;
                boolean batched = p % 2 == 0;
                Thread producer = new Thread(() -> {
                    for (int i = first; i < first + perProducer; i += 10) {
                        int from = i;
                        Runnable tenTurns = () -> {
                            for (int turn = from; turn < from + 10; turn++) {
                                int index = turn;
                                threads.execute(() -> {
                                    runs.incrementAndGet(index);
                                    all.countDown();
                                });
                            }
                        };
                        if (batched) {
                            threads.together(tenTurns); // ten turns as one batch
                        } else {
                            tenTurns.run(); // ten single turns
                        }
                        if (from % 1_000 == 0) {
                            Thread.yield(); // let the drainers run dry now and then, to race leaving and rejoining
                        }
                    }
                });
                started.add(producer);
                producer.start();
            }
            for (Thread producer : started) {
                producer.join();
            }
            assertTrue(all.await(30, TimeUnit.SECONDS), all.getCount() + " turns never ran");
            Awaits.await("the drainers to leave", Duration.ofSeconds(10), () -> threads.waitingTurns() == 0);
            for (int i = 0; i < runs.length(); i++) {
                assertEquals(1, runs.get(i), "turn " + i);
            }
        }
    }

    @Test
    void aTurnThatThrowsDoesNotStopTheOthers() throws Exception {
        CountDownLatch after = new CountDownLatch(2);
        try (SendThreads threads = new SendThreads(1, 1, 20, clock)) {
            threads.execute(after::countDown);
            threads.execute(() -> {
                throw new IllegalStateException("a turn that fails (expected in this test)");
            });
            threads.execute(after::countDown);
            assertTrue(after.await(10, TimeUnit.SECONDS), "the turns before and after the failing one ran");
            CountDownLatch later = new CountDownLatch(1);
            threads.execute(later::countDown);
            assertTrue(later.await(10, TimeUnit.SECONDS), "a later turn still finds a thread");
        }
    }

    @Test
    void noTurnsAfterClose() {
        SendThreads threads = new SendThreads(1, 1, 20, clock);
        threads.close();
        assertThrows(RejectedExecutionException.class,
                () -> threads.execute(() -> { }));
    }

    private boolean allParked() {
        return blocked.stream().allMatch(thread -> thread.getState() == Thread.State.WAITING
                || thread.getState() == Thread.State.TIMED_WAITING);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
