package io.seriesflow.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * M4 by brute force, to check the server's aggregates against: the points with timestamps from {@code from} to
 * {@code to} in {@code buckets} equal buckets (a point at {@code to} in the last), and of each bucket the first,
 * the first lowest, the first highest and the last point, as seqs in order. Stateless.
 */
public final class M4Reference {
    private M4Reference() {
    }

    /** @param firstSeq the seq of the first point of the arrays (the others follow +1 each) */
    public static List<Long> keptSeqs(long firstSeq, long[] timestamps, double[] values, long from, long to,
                                      int buckets) {
        double width = (to - from) / (double) buckets;
        TreeMap<Long, int[]> kept = new TreeMap<>();
        for (int i = 0; i < values.length; i++) {
            if (timestamps[i] < from || timestamps[i] > to) {
                continue;
            }
            long bucket = Math.min(buckets - 1, (long) Math.floor((timestamps[i] - from) / width));
            int[] chosen = kept.get(bucket);
            if (chosen == null) {
                kept.put(bucket, new int[] {i, i, i, i});
                continue;
            }
            chosen[1] = values[i] < values[chosen[1]] ? i : chosen[1];
            chosen[2] = values[i] > values[chosen[2]] ? i : chosen[2];
            chosen[3] = i;
        }
        List<Long> seqs = new ArrayList<>();
        for (int[] chosen : kept.values()) {
            TreeSet<Long> bucketSeqs = new TreeSet<>();
            for (int index : chosen) {
                bucketSeqs.add(firstSeq + index);
            }
            seqs.addAll(bucketSeqs);
        }
        return seqs;
    }
}
