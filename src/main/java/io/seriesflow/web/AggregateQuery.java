package io.seriesflow.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The query of an aggregated read, {@code GET /api/streams/{name}/points?from=&to=&buckets=}: the retained points
 * with timestamps from {@code from} to {@code to} (epoch ms, both inclusive; {@code to} defaults to now) reduced
 * to at most four points per bucket. Immutable.
 */
record AggregateQuery(long fromMillis, long toMillis, int buckets) {
    /** Whether the request asks for an aggregated read (any of its parameters is present). */
    static boolean isAsked(HttpServletRequest request) {
        return request.getParameter("from") != null || request.getParameter("to") != null
                || request.getParameter("buckets") != null;
    }

    /** @throws ProblemException 400 naming the parameter at fault */
    static AggregateQuery parse(HttpServletRequest request, long nowMillis, int maxBuckets) throws ProblemException {
        if (request.getParameter("since") != null || request.getParameter("limit") != null) {
            throw bad("from, to and buckets cannot be combined with since or limit");
        }
        long from = number(request, "from").orElseThrow(() -> bad("an aggregated read needs from (epoch ms)"));
        long to = number(request, "to").orElse(nowMillis);
        long buckets = number(request, "buckets").orElseThrow(() -> bad("an aggregated read needs buckets"));
        if (from < 0 || to <= from) {
            throw bad("from must be at least 0 and to after from (epoch ms)");
        }
        if (buckets < 1 || buckets > maxBuckets) {
            throw bad("buckets must be in 1.." + maxBuckets + " (seriesflow.max-aggregate-buckets), was " + buckets);
        }
        return new AggregateQuery(from, to, (int) buckets);
    }

    private static Optional<Long> number(HttpServletRequest request, String name) throws ProblemException {
        String text = request.getParameter(name);
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            throw bad(name + " must be a whole number, was '" + CloseReasons.fit(text) + "'");
        }
    }

    private static ProblemException bad(String detail) {
        return new ProblemException(Problems.Type.BAD_REQUEST, detail);
    }
}
