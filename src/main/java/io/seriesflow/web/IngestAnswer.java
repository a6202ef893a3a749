package io.seriesflow.web;

/** What an ingest request is answered with once its body was handled. Immutable. */
sealed interface IngestAnswer {
    /** A refusal, in the error shape of the API the request came to. */
    record Refused(Problem problem, boolean retryAfter) implements IngestAnswer {
        Refused(Problem problem) {
            this(problem, false);
        }
    }

    /** 200 with a JSON body. */
    record Json(String body) implements IngestAnswer {
    }

    /** 204, as InfluxDB answers a write. */
    record NoContent() implements IngestAnswer {
    }
}
