package io.seriesflow.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamSeriesTest {
    @Test
    void theMostSubscribedThenTheBusiestStreamsGetTheirOwnLabel() {
        List<StreamSeries.StreamActivity> streams = List.of(
                new StreamSeries.StreamActivity("quiet", 0, 10),
                new StreamSeries.StreamActivity("busy", 0, 1_000),
                new StreamSeries.StreamActivity("watched", 5, 1),
                new StreamSeries.StreamActivity("other", 9, 9_999));
        assertEquals(Set.of("watched", "busy"), StreamSeries.choose(streams, 2),
                "a stream named other never gets a label of its own");
    }

    @Test
    void aMillionStreamsMakeAtMostTheChosenSeriesPlusOther() {
        Map<List<String>, Long> subscribers = new HashMap<>();
        List<StreamSeries.StreamActivity> activity = new ArrayList<>();
        for (int i = 0; i < 1_000_000; i++) {
            subscribers.put(List.of("s" + i), 1L);
            activity.add(new StreamSeries.StreamActivity("s" + i, i % 7, i));
        }
        Set<String> named = StreamSeries.choose(activity, 20);
        Map<List<String>, Long> folded = StreamSeries.foldValues(subscribers, named);
        assertEquals(21, folded.size());
        assertEquals(1_000_000 - 20, folded.get(List.of("other")));
    }

    @Test
    void countersStayMonotonicWhenAStreamGainsOrLosesItsLabel() {
        StreamSeries series = new StreamSeries();
        Map<List<String>, Long> totals = new HashMap<>(Map.of(List.of("a", "json"), 10L, List.of("b", "json"), 5L));
        Map<List<String>, Long> first = series.foldTotals(totals, Set.of("a"));
        assertEquals(Map.of(List.of("a", "json"), 10L, List.of("other", "json"), 5L), first);

        totals.put(List.of("b", "json"), 8L);
        totals.put(List.of("a", "json"), 11L);
        Map<List<String>, Long> second = series.foldTotals(totals, Set.of("b"));
        assertEquals(3L, second.get(List.of("b", "json")), "b counts from when it got its label");
        assertEquals(6L, second.get(List.of("other", "json")), "a's new point went to other, b's earlier stay there");
        assertTrue(!second.containsKey(List.of("a", "json")), "a's series ends");
        assertEquals(9L, second.values().stream().mapToLong(Long::longValue).sum(), "a's 10 ended with its series");

        totals.put(List.of("b", "json"), 2L); // b was made anew: it counts from zero again
        Map<List<String>, Long> third = series.foldTotals(totals, Set.of("b"));
        assertEquals(5L, third.get(List.of("b", "json")));
        assertTrue(third.get(List.of("other", "json")) >= second.get(List.of("other", "json")));
    }
}
