package io.seriesflow.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seriesflow.engine.Backfill;
import io.seriesflow.engine.ClientCommand;
import io.seriesflow.engine.OverflowPolicy;
import io.seriesflow.engine.Resume;
import io.seriesflow.engine.StreamId;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ClientMessageParserTest {
    private final ClientMessageParser parser = new ClientMessageParser();

    @Test
    void parsesSubscribeWithAndWithoutAPosition() {
        assertEquals(new ClientCommand.Subscribe(StreamId.of("demo"), Resume.live()),
                parser.parse("{\"type\":\"subscribe\",\"stream\":\"demo\"}"));
        assertEquals(new ClientCommand.Subscribe(StreamId.of("demo"), Resume.after(42, "e1")),
                parser.parse("{\"type\":\"subscribe\",\"stream\":\"demo\",\"since\":42,\"epoch\":\"e1\"}"));
        assertEquals(new ClientCommand.Subscribe(StreamId.of("demo"), Resume.live()),
                parser.parse("{\"type\":\"subscribe\",\"stream\":\"demo\",\"epoch\":\"e1\"}"),
                "an epoch without since means nothing");
        assertEquals(new ClientCommand.Time(), parser.parse("{\"type\":\"time\"}"));
        assertEquals(new ClientCommand.Invalid("unknown type \"nope\""),
                parser.parseCommand("{\"type\":\"nope\"}"));
        assertEquals(new ClientCommand.Unsubscribe(StreamId.of("a.b")),
                parser.parse("{\"type\":\"unsubscribe\",\"stream\":\"a.b\"}"));
    }

    @Test
    void parsesABackfillAndAnOverflowChoice() {
        assertEquals(new ClientCommand.Subscribe(StreamId.of("demo"),
                        Resume.backfilled(new Backfill(1_764_400_000_000L, 900)),
                        Optional.of(OverflowPolicy.AGGREGATE)),
                parser.parse("{\"type\":\"subscribe\",\"stream\":\"demo\",\"backfill\":{\"from\":1764400000000,"
                        + "\"buckets\":900},\"overflow\":\"aggregate\"}"));
        assertEquals(new ClientCommand.Subscribe(StreamId.of("demo"), Resume.after(3, "e"),
                        Optional.of(OverflowPolicy.DROP_OLDEST)),
                parser.parse("{\"type\":\"subscribe\",\"stream\":\"demo\",\"since\":3,\"epoch\":\"e\","
                        + "\"overflow\":\"drop-oldest\"}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            not json                                                  | malformed JSON
            []                                                        | a message must be a JSON object
            {"stream":"demo"}                                         | missing "type"
            {"type":"publish"}                                        | unknown type "publish"
            {"type":"subscribe"}                                      | missing "stream"
            {"type":"subscribe","stream":"Demo"}                      | invalid stream name 'Demo'
            {"type":"subscribe","stream":"demo","since":-1}           | "since" must be a non-negative integer
            {"type":"subscribe","stream":"demo","since":1.5}          | "since" must be a non-negative integer
            {"type":"subscribe","stream":"demo","since":1e99999999999} | a number is out of range
            {"type":"subscribe","stream":"demo","extra":1}            | unknown member "extra"
            {"type":"subscribe","stream":7}                           | "stream" must be a string
            {"type":"subscribe","stream":"demo","since":1,"backfill":{"from":1,"buckets":2}} | "since" and "backfill"
            {"type":"subscribe","stream":"demo","backfill":5}           | "backfill" must be an object
            {"type":"subscribe","stream":"demo","backfill":{"from":1}}  | "backfill.buckets" must be a positive
            {"type":"subscribe","stream":"demo","backfill":{"from":1,"buckets":0}} | "backfill.buckets" must be
            {"type":"subscribe","stream":"demo","backfill":{"from":-5,"buckets":9}} | "backfill.from" must be
            {"type":"subscribe","stream":"demo","backfill":{"from":1,"buckets":2,"to":3}} | unknown member "to"
            {"type":"subscribe","stream":"demo","overflow":"close"}     | "overflow" must be "drop-oldest"
            {"type":"subscribe","stream":"demo","overflow":"block"}     | "overflow" must be "drop-oldest"
            """)
    void badMessagesSayWhy(String text, String expected) {
        String message = assertThrows(BadMessageException.class, () -> parser.parse(text)).getMessage();
        assertEquals(true, message.startsWith(expected), message);
    }

    @Test
    void aNumberTooLongForTheJsonParserIsABadMessage() {
        assertThrows(BadMessageException.class, () -> parser.parse(
                "{\"type\":\"subscribe\",\"stream\":\"demo\",\"since\":" + "9".repeat(1_200) + "}"));
    }
}
