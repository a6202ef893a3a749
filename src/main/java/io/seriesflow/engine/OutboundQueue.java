package io.seriesflow.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one connection has waiting to be sent, within a budget of estimated wire bytes: replies, notices and
 * points in order, a pending ping, and the gaps left by dropped points. No I/O and no other object's lock: the
 * sender polls it, encodes outside it, and sends.
 *
 * <p>Everything queued counts against the budget ({@link ClientLimits#queueHighWaterBytes()}) except the points
 * of a replay, which are views of the stream's history shared by every subscriber and cost the connection
 * nothing until they are encoded. Above the high water mark the client is a slow consumer: new points follow
 * the {@link OverflowPolicy} (drop the oldest down to the low water mark, never the newest chunk, and remember a
 * gap; or refuse so the caller closes), and a reply or notice is refused (the caller closes with 4008). A reply
 * marked coalescible that equals one still waiting is not queued again.
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
    private final ArrayDeque<Item> items = new ArrayDeque<>();
    private final Map<Subscription, long[]> pendingGaps = new HashMap<>();
    private final Map<String, Integer> waitingCoalescible = new HashMap<>();
    private long queuedBytes;
    private long queuedPoints;
    private long droppedPoints;
    private long gapsOpened;
    private long coalesced;
    private boolean pingWanted;

    OutboundQueue(OutboundCodec codec, ClientLimits limits) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.limits = Objects.requireNonNull(limits, "limits");
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
        dropOldestPoints();
        return Offer.QUEUED;
    }

    /**
     * Queues a reply or notice; refused when it would take a queue that holds anything above the high water
     * mark (an empty queue takes one reply of any size).
     */
    synchronized Offer offerControl(Frame frame, boolean coalescible) {
        if (coalescible && waitingCoalescible.containsKey(frame.text())) {
            coalesced++;
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
     * Drops whole waiting chunks of live points, oldest first, until the queue is at its low water mark; never
     * the newest item, never replies, never a replay. The first drop of a subscription leaves a placeholder where
     * its gap is announced; later drops of it only widen the gap.
     */
    private void dropOldestPoints() {
        Item newest = items.peekLast();
        Iterator<Item> it = items.iterator();
        while (queuedBytes > limits.queueLowWaterBytes() && it.hasNext()) {
            Item item = it.next();
            if (item == newest) {
                break;
            }
            if (item.chunk == null || item.replay) {
                continue;
            }
            if (!item.subscription.isActive()) {
                discard(item);
                it.remove();
                continue;
            }
            int remaining = item.remaining();
            queuedPoints -= remaining;
            queuedBytes -= item.bytes();
            droppedPoints += remaining;
            long[] gap = pendingGaps.get(item.subscription);
            if (gap == null) {
                gapsOpened++;
                pendingGaps.put(item.subscription, new long[] {item.firstSeq(), item.chunk.lastSeq()});
                item.becomeGapPlaceholder();
            } else {
                gap[1] = Math.max(gap[1], item.chunk.lastSeq());
                it.remove();
            }
        }
    }

    private void discard(Item item) {
        if (item.chunk != null) {
            queuedPoints -= item.remaining();
            queuedBytes -= item.bytes();
        }
    }

    /** Empties the queue: the connection is closing. Returns the live points it discarded. */
    synchronized long clear() {
        long discarded = 0;
        for (Item item : items) {
            if (item.chunk != null && !item.replay) {
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

    /** Gaps the overflow policy opened (first drops of a subscription's points while none was pending). */
    synchronized long gapsOpened() {
        return gapsOpened;
    }

    synchronized long queuedBytes() {
        return queuedBytes;
    }

    synchronized long queuedPoints() {
        return queuedPoints;
    }

    synchronized long droppedPoints() {
        return droppedPoints;
    }

    /** Replies not queued because an identical one was waiting. */
    synchronized long coalesced() {
        return coalesced;
    }

    /** A queued reply, (the rest of) a chunk of points, or the place of a gap. Guarded by the queue's monitor. */
    private static final class Item {
        final Subscription subscription;
        final Frame control;
        final boolean coalescible;
        final boolean replay;
        final boolean endsReplay;
        final int bytesPerPoint;
        final long controlBytes;
        final long appliedNanos;
        PointChunk chunk;
        int from;

        private Item(Subscription subscription, Frame control, boolean coalescible, PointChunk chunk,
                     boolean replay, boolean endsReplay, int bytesPerPoint, long controlBytes,
                     long appliedNanos) {
            this.subscription = subscription;
            this.control = control;
            this.coalescible = coalescible;
            this.chunk = chunk;
            this.replay = replay;
            this.endsReplay = endsReplay;
            this.bytesPerPoint = bytesPerPoint;
            this.controlBytes = controlBytes;
            this.appliedNanos = appliedNanos;
        }

        static Item points(Subscription subscription, PointChunk chunk, boolean replay, boolean endsReplay,
                           int bytesPerPoint, long appliedNanos) {
            return new Item(subscription, null, false, chunk, replay, endsReplay, bytesPerPoint, 0, appliedNanos);
        }

        static Item control(Frame frame, boolean coalescible, long bytes) {
            return new Item(null, frame, coalescible, null, false, false, 0, bytes, 0);
        }

        int remaining() {
            return chunk == null ? 0 : chunk.size() - from;
        }

        long firstSeq() {
            return chunk.firstSeq() + from;
        }

        /** What the item counts against the budget now. */
        long bytes() {
            return control != null ? controlBytes : remaining() * (long) bytesPerPoint;
        }

        void becomeGapPlaceholder() {
            chunk = null;
            from = 0;
        }
    }
}
