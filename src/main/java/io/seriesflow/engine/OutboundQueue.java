package io.seriesflow.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one connection has waiting to be sent, within a budget of estimated wire bytes: replies, notices and
 * points in order, a pending ping, and the gaps left by dropped points. No I/O and no other object's lock: the
 * sender polls it, encodes outside it, and sends.
 *
 * <p>Everything queued counts against the budget ({@link ClientLimits#queueHighWaterBytes()}) except the points
 * of a replay, which are views of the stream's history shared by every subscriber and cost the connection
 * nothing until they are encoded. Above the high water mark the client is a slow consumer: new points follow
 * the {@link OverflowPolicy} (drop the oldest down to the low water mark, never the newest chunk, and remember a
 * gap; replace a stream's waiting points by their M4 aggregate, for subscriptions that aggregate; or refuse so the
 * caller closes), and a reply or notice is refused (the caller closes with 4008). A reply marked coalescible that
 * equals one still waiting is not queued again. A subscribe's backfill is an aggregate outside the budget, like a
 * replay.
 *
 * <p>Thread-safe: every method holds this object's monitor briefly; the pending gaps of subscriptions are kept
 * here, under the same monitor.
 */
final class OutboundQueue {
    /** What an offer did. */
    enum Offer {
        /** Queued. */
        QUEUED,
        /** Not queued: an identical coalescible reply is already waiting. */
        COALESCED,
        /** Not queued: the client is too slow (the caller closes it). */
        REFUSED
    }

    private final OutboundCodec codec;
    private final ClientLimits limits;
    private final EngineMetrics metrics;
    private final ArrayDeque<Item> items = new ArrayDeque<>();
    private final Map<Subscription, long[]> pendingGaps = new HashMap<>();
    private final Map<String, Integer> waitingCoalescible = new HashMap<>();
    private long queuedBytes;
    private long queuedPoints;
    private long droppedPoints;
    private long aggregatedPoints;
    private long coalesced;
    private boolean pingWanted;

    /** @param metrics where drops, overflow gaps and coalesced replies are counted as they happen, for all queues */
    OutboundQueue(OutboundCodec codec, ClientLimits limits, EngineMetrics metrics) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** As {@link #offerPoints(Subscription, PointChunk, boolean, boolean, long)} with no time of application. */
    Offer offerPoints(Subscription subscription, PointChunk chunk, boolean replay, boolean endsReplay) {
        return offerPoints(subscription, chunk, replay, endsReplay, 0);
    }

    /**
     * Queues points of a subscription.
     *
     * @param replay true for points replayed from history (shared views, outside the budget)
     * @param endsReplay true for the last chunk of a replay
     * @param appliedNanos when the stream applied live points (ticker time), 0 for a replay
     */
    synchronized Offer offerPoints(Subscription subscription, PointChunk chunk, boolean replay,
                                   boolean endsReplay, long appliedNanos) {
        Item item = Item.points(subscription, chunk, replay, endsReplay, replay ? 0 : codec.bytesPerPoint(),
                replay ? 0 : appliedNanos);
        items.addLast(item);
        queuedPoints += chunk.size();
        queuedBytes += item.bytes();
        if (queuedBytes <= limits.queueHighWaterBytes()) {
            return Offer.QUEUED;
        }
        if (limits.overflow() == OverflowPolicy.CLOSE) {
            return Offer.REFUSED;
        }
        if (codec.maxAggregatePointsPerFrame() > 0) {
            aggregateWaitingPoints();
        }
        dropOldestPoints(false);
        if (queuedBytes > limits.queueHighWaterBytes()) {
            dropOldestPoints(true); // aggregates of many streams can still be too much: drop those too
        }
        return Offer.QUEUED;
    }

    /** Queues a subscribe's backfill: shared by no one, but bounded by its buckets and outside the budget. */
    synchronized void offerAggregate(Subscription subscription, PointAggregate aggregate) {
        items.addLast(Item.aggregate(subscription, aggregate, true, 0));
        queuedPoints += aggregate.size();
    }

    /**
     * Queues a reply or notice; refused when it would take a queue that holds anything above the high water
     * mark (an empty queue takes one reply of any size).
     */
    synchronized Offer offerControl(Frame frame, boolean coalescible) {
        if (coalescible && waitingCoalescible.containsKey(frame.text())) {
            coalesced++;
            metrics.coalescedReply();
            return Offer.COALESCED;
        }
        long bytes = frame.byteCount();
        if (queuedBytes > 0 && queuedBytes + bytes > limits.queueHighWaterBytes()) {
            return Offer.REFUSED;
        }
        items.addLast(Item.control(frame, coalescible, bytes));
        queuedBytes += bytes;
        if (coalescible) {
            waitingCoalescible.merge(frame.text(), 1, Integer::sum);
        }
        return Offer.QUEUED;
    }

    /** Asks for a ping before anything else that is waiting. */
    synchronized void requestPing() {
        pingWanted = true;
    }

    synchronized boolean isEmpty() {
        return !pingWanted && items.isEmpty();
    }

    /** The next thing to send, or null when nothing is waiting. */
    synchronized Outgoing poll() {
        if (pingWanted) {
            pingWanted = false;
            return Outgoing.Ping.INSTANCE;
        }
        while (!items.isEmpty()) {
            Item head = items.peekFirst();
            if (head.control != null) {
                return new Outgoing.Control(takeControl());
            }
            Subscription subscription = head.subscription;
            if (!subscription.isActive()) {
                discard(items.pollFirst());
                pendingGaps.remove(subscription);
                continue;
            }
            if (head.aggregate != null) {
                return takeAggregate(head);
            }
            if (head.chunk == null) {
                items.pollFirst();
                Frame gap = takePendingGap(subscription);
                if (gap != null) {
                    return new Outgoing.Control(gap);
                }
                continue;
            }
            return takeRun(subscription);
        }
        return null;
    }

    private Frame takeControl() {
        Item item = items.pollFirst();
        queuedBytes -= item.bytes();
        if (item.coalescible) {
            waitingCoalescible.computeIfPresent(item.control.text(), (text, n) -> n == 1 ? null : n - 1);
        }
        return item.control;
    }

    /**
     * At the place of a subscription's first dropped points: its gap as a frame (clearing it), or null when the
     * codec cannot express gaps.
     */
    private Frame takePendingGap(Subscription subscription) {
        long[] gap = pendingGaps.remove(subscription);
        return gap == null ? null
                : codec.gap(subscription.descriptor(), gap[0], gap[1], GapReason.OVERFLOW).orElse(null);
    }

    /** The head's aggregate, or as much of it as one frame of the codec carries. */
    private Outgoing.Aggregate takeAggregate(Item head) {
        int take = Math.min(head.remaining(), codec.maxAggregatePointsPerFrame());
        int from = head.from;
        head.from += take;
        queuedPoints -= take;
        queuedBytes -= take * (long) head.bytesPerPoint;
        boolean last = head.remaining() == 0;
        if (last) {
            items.pollFirst();
        }
        return new Outgoing.Aggregate(head.subscription, head.aggregate, from, from + take, last && head.replay);
    }

    /** Consecutive points of one subscription from the head of the queue, up to the codec's frame size. */
    private Outgoing.Points takeRun(Subscription subscription) {
        List<ChunkSlice> slices = new ArrayList<>(2);
        int budget = codec.maxPointsPerFrame();
        long nextSeq = -1;
        boolean endsReplay = false;
        long appliedNanos = items.peekFirst().appliedNanos;
        while (budget > 0 && !items.isEmpty()) {
            Item item = items.peekFirst();
            if (item.subscription != subscription || item.chunk == null
                    || (nextSeq >= 0 && item.firstSeq() != nextSeq)) {
                break;
            }
            int take = Math.min(budget, item.remaining());
            slices.add(new ChunkSlice(item.chunk, item.from, item.from + take));
            item.from += take;
            budget -= take;
            queuedPoints -= take;
            queuedBytes -= take * (long) item.bytesPerPoint;
            nextSeq = item.firstSeq();
            if (item.remaining() > 0) {
                break;
            }
            items.pollFirst();
            endsReplay |= item.endsReplay;
        }
        return new Outgoing.Points(subscription, slices, endsReplay, appliedNanos);
    }

    /**
     * Drops whole waiting chunks (and, with {@code aggregatesToo}, aggregates) of live points, oldest first, until
     * the queue is at its low water mark; never the newest item, never replies, never a replay, and without
     * {@code aggregatesToo} never points of subscriptions that aggregate. The first drop of a subscription leaves a
     * placeholder where its gap is announced; later drops of it only widen the gap.
     */
    private void dropOldestPoints(boolean aggregatesToo) {
        Item newest = items.peekLast();
        Iterator<Item> it = items.iterator();
        while (queuedBytes > limits.queueLowWaterBytes() && it.hasNext()) {
            Item item = it.next();
            if (item == newest) {
                break;
            }
            if (!item.holdsPoints() || item.replay
                    || (!aggregatesToo && (item.aggregate != null || aggregates(item.subscription)))) {
                continue;
            }
            if (!item.subscription.isActive()) {
                discard(item);
                it.remove();
                continue;
            }
            int remaining = item.remaining();
            long first = item.firstSeq();
            queuedPoints -= remaining;
            queuedBytes -= item.bytes();
            droppedPoints += remaining;
            metrics.dropped(remaining);
            long[] gap = pendingGaps.get(item.subscription);
            if (gap == null) {
                metrics.announced(GapReason.OVERFLOW);
                pendingGaps.put(item.subscription, new long[] {first, item.lastSeq()});
                item.becomeGapPlaceholder();
            } else {
                gap[1] = Math.max(gap[1], item.lastSeq());
                it.remove();
            }
        }
    }

    /** Whether the subscription's points are aggregated when the client falls behind. */
    private boolean aggregates(Subscription subscription) {
        return codec.maxAggregatePointsPerFrame() > 0
                && subscription.overflow().orElse(limits.overflow()) == OverflowPolicy.AGGREGATE;
    }

    /**
     * Replaces the waiting live points of every subscription that aggregates by M4 aggregates: each run of
     * consecutive points of one stream and epoch becomes one aggregate at the run's first place, on a grid of
     * power-of-two ms wide enough that the run gets its share of the low water mark (the budget split evenly
     * between these runs and the subscriptions that drop instead). A run already within its share stays.
     */
    private void aggregateWaitingPoints() {
        WaitingRuns waiting = findRuns();
        if (waiting.runs().isEmpty()) {
            return;
        }
        long share = Math.max(0, limits.queueLowWaterBytes() - waiting.fixedBytes())
                / (waiting.runs().size() + waiting.droppingSubscriptions());
        Map<Item, Item> replaced = new IdentityHashMap<>();
        for (AggregationRun run : waiting.runs()) {
            if (run.bytes() > share) {
                reduce(run, share, replaced);
            }
        }
        if (!replaced.isEmpty()) {
            ArrayDeque<Item> kept = new ArrayDeque<>(items.size());
            for (Item item : items) {
                Item replacement = replaced.getOrDefault(item, item);
                if (replacement != REMOVED) {
                    kept.addLast(replacement);
                }
            }
            items.clear();
            items.addAll(kept);
        }
    }

    /** The runs of waiting live points of subscriptions that aggregate, and what else the queue holds. */
    private WaitingRuns findRuns() {
        Map<Subscription, AggregationRun> open = new HashMap<>();
        List<AggregationRun> runs = new ArrayList<>();
        Set<Subscription> dropping = new HashSet<>();
        long fixedBytes = 0;
        for (Item item : items) {
            if (!item.holdsPoints() || item.replay || !item.subscription.isActive()) {
                fixedBytes += item.bytes();
            } else if (!aggregates(item.subscription)) {
                dropping.add(item.subscription);
            } else {
                AggregationRun run = open.get(item.subscription);
                if (run == null || !run.continuesWith(item)) {
                    run = new AggregationRun(item);
                    runs.add(run);
                    open.put(item.subscription, run);
                } else {
                    run.add(item);
                }
            }
        }
        return new WaitingRuns(runs, dropping.size(), fixedBytes);
    }

    /**
     * @param runs runs of waiting points to aggregate
     * @param droppingSubscriptions subscriptions with waiting points that drop instead of aggregating
     * @param fixedBytes what the rest of the queue (replies, replays, gaps) counts
     */
    private record WaitingRuns(List<AggregationRun> runs, int droppingSubscriptions, long fixedBytes) {
    }

    /** Aggregates a run into at most its share of bytes; records its first item's replacement, removes the rest. */
    private void reduce(AggregationRun run, long shareBytes, Map<Item, Item> replaced) {
        int bytesPerPoint = codec.bytesPerPoint() + Long.BYTES;
        long buckets = Math.max(1, shareBytes / (4L * bytesPerPoint));
        long width = Math.max(run.widestBucket(), M4Aggregation.powerOfTwoAtLeast(
                (run.lastTimestamp() - run.firstTimestamp()) / buckets + 1));
        M4Aggregation aggregation = M4Aggregation.grid(width);
        for (Item item : run.items()) {
            if (item.aggregate != null) {
                aggregation.addAll(item.aggregate, item.from);
            } else {
                aggregation.addAll(item.chunk, item.from, item.chunk.size());
            }
            queuedPoints -= item.remaining();
            queuedBytes -= item.bytes();
            aggregatedPoints += item.aggregate != null ? 0 : item.remaining();
            replaced.put(item, REMOVED);
        }
        Item first = run.items().get(0);
        Item aggregate = Item.aggregate(first.subscription, aggregation.build(first.descriptor(),
                AggregateReason.OVERFLOW), false, bytesPerPoint);
        queuedPoints += aggregate.remaining();
        queuedBytes += aggregate.bytes();
        replaced.put(first, aggregate);
    }

    private void discard(Item item) {
        if (item.holdsPoints()) {
            queuedPoints -= item.remaining();
            queuedBytes -= item.bytes();
        }
    }

    /** Empties the queue: the connection is closing. Returns the live points it discarded. */
    synchronized long clear() {
        long discarded = 0;
        for (Item item : items) {
            if (item.holdsPoints() && !item.replay) {
                discarded += item.remaining();
            }
        }
        items.clear();
        pendingGaps.clear();
        waitingCoalescible.clear();
        queuedBytes = 0;
        queuedPoints = 0;
        pingWanted = false;
        return discarded;
    }

    /** When the oldest live point waiting was applied to its stream (ticker time), or 0 when none waits. */
    synchronized long oldestAppliedNanos() {
        for (Item item : items) {
            if (item.chunk != null && item.appliedNanos != 0) {
                return item.appliedNanos;
            }
        }
        return 0;
    }

    synchronized long queuedBytes() {
        return queuedBytes;
    }

    /** What waits now, read under one lock: estimated wire bytes (as counted against the budget) and points. */
    synchronized QueueLevel level() {
        return new QueueLevel(queuedBytes, queuedPoints);
    }

    synchronized long queuedPoints() {
        return queuedPoints;
    }

    synchronized long droppedPoints() {
        return droppedPoints;
    }

    /** Waiting points replaced by aggregates (the aggregate overflow policy). */
    synchronized long aggregatedPoints() {
        return aggregatedPoints;
    }

    /** Replies not queued because an identical one was waiting. */
    synchronized long coalesced() {
        return coalesced;
    }

    /** Marks an item an aggregation removed. */
    private static final Item REMOVED = Item.control(Frame.text(""), false, 0);

    /**
     * A queued reply, (the rest of) a chunk of points, (the rest of) an aggregate, or the place of a gap. Guarded
     * by the queue's monitor.
     */
    private static final class Item {
        final Subscription subscription;
        final Frame control;
        final boolean coalescible;
        final boolean replay;
        final boolean endsReplay;
        final int bytesPerPoint;
        final long controlBytes;
        final long appliedNanos;
        PointAggregate aggregate;
        PointChunk chunk;
        int from;

        private Item(Subscription subscription, Frame control, boolean coalescible, PointChunk chunk,
                     PointAggregate aggregate, boolean replay, boolean endsReplay, int bytesPerPoint,
                     long controlBytes, long appliedNanos) {
            this.subscription = subscription;
            this.control = control;
            this.coalescible = coalescible;
            this.chunk = chunk;
            this.aggregate = aggregate;
            this.replay = replay;
            this.endsReplay = endsReplay;
            this.bytesPerPoint = bytesPerPoint;
            this.controlBytes = controlBytes;
            this.appliedNanos = appliedNanos;
        }

        static Item points(Subscription subscription, PointChunk chunk, boolean replay, boolean endsReplay,
                           int bytesPerPoint, long appliedNanos) {
            return new Item(subscription, null, false, chunk, null, replay, endsReplay, bytesPerPoint, 0,
                    appliedNanos);
        }

        /** @param backfill true for a subscribe's backfill (outside the budget, ends its replay) */
        static Item aggregate(Subscription subscription, PointAggregate aggregate, boolean backfill,
                              int bytesPerPoint) {
            return new Item(subscription, null, false, null, aggregate, backfill, backfill, bytesPerPoint, 0, 0);
        }

        static Item control(Frame frame, boolean coalescible, long bytes) {
            return new Item(null, frame, coalescible, null, null, false, false, 0, bytes, 0);
        }

        /** Whether the item holds points (a chunk or an aggregate), not a reply or a gap's place. */
        boolean holdsPoints() {
            return chunk != null || aggregate != null;
        }

        int remaining() {
            if (aggregate != null) {
                return aggregate.size() - from;
            }
            return chunk == null ? 0 : chunk.size() - from;
        }

        /** The first seq the rest of the item stands for. */
        long firstSeq() {
            if (aggregate != null) {
                return from == 0 ? aggregate.firstSeq() : aggregate.seqAt(from);
            }
            return chunk.firstSeq() + from;
        }

        long lastSeq() {
            return aggregate != null ? aggregate.lastSeq() : chunk.lastSeq();
        }

        StreamDescriptor descriptor() {
            return aggregate != null ? aggregate.stream() : chunk.stream();
        }

        long firstTimestamp() {
            return aggregate != null ? aggregate.timestampAt(from) : chunk.timestampAt(from);
        }

        long lastTimestamp() {
            return aggregate != null ? aggregate.timestampAt(aggregate.size() - 1)
                    : chunk.timestampAt(chunk.size() - 1);
        }

        /** What the item counts against the budget now. */
        long bytes() {
            return control != null ? controlBytes : remaining() * (long) bytesPerPoint;
        }

        void becomeGapPlaceholder() {
            chunk = null;
            aggregate = null;
            from = 0;
        }
    }

    /** Waiting live items of one subscription whose points follow each other in one epoch, in queue order. */
    private static final class AggregationRun {
        private final List<Item> items = new ArrayList<>();
        private long nextSeq;

        AggregationRun(Item first) {
            add(first);
        }

        boolean continuesWith(Item item) {
            return item.firstSeq() == nextSeq && item.descriptor().epoch().equals(items.get(0).descriptor().epoch());
        }

        void add(Item item) {
            items.add(item);
            nextSeq = item.lastSeq() + 1;
        }

        List<Item> items() {
            return items;
        }

        long bytes() {
            return items.stream().mapToLong(Item::bytes).sum();
        }

        long firstTimestamp() {
            return items.get(0).firstTimestamp();
        }

        long lastTimestamp() {
            return items.get(items.size() - 1).lastTimestamp();
        }

        /** The widest bucket of the run's aggregates (1 when it has none): a new grid is never finer. */
        long widestBucket() {
            return items.stream().filter(item -> item.aggregate != null)
                    .mapToLong(item -> (long) item.aggregate.bucketMillis()).max().orElse(1);
        }
    }
}
