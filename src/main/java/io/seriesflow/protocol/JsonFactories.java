package io.seriesflow.protocol;

import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonReaderFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParserFactory;
import java.util.Map;

/**
 * JSON-P factories looked up once. {@code Json.createParser} and friends look the provider up through the
 * service loader on every call, which cost more than the parsing itself on the ingest path (one parser per
 * NDJSON line). Immutable and thread-safe: factories may be shared by any number of threads.
 */
final class JsonFactories {
    static final JsonProvider PROVIDER = JsonProvider.provider();
    static final JsonParserFactory PARSERS = PROVIDER.createParserFactory(Map.of());
    static final JsonReaderFactory READERS = PROVIDER.createReaderFactory(Map.of());
    static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());

    private JsonFactories() {
    }
}
