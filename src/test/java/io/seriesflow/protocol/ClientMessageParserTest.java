package io.seriesflow.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seriesflow.engine.StreamId;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ClientMessageParserTest {
    private final ClientMessageParser parser = new ClientMessageParser();

    @Test
    void parsesSubscribeWithAndWithoutAPosition() {
        assertEquals(new ClientMessage.Subscribe(StreamId.of("demo"), OptionalLong.empty(), Optional.empty()),
                parser.parse("{\"type\":\"subscribe\",\"stream\":\"demo\"}"));
        assertEquals(new ClientMessage.Subscribe(StreamId.of("demo"), OptionalLong.of(42), Optional.of("e1")),
                parser.parse("{\"type\":\"subscribe\",\"stream\":\"demo\",\"since\":42,\"epoch\":\"e1\"}"));
        assertEquals(new ClientMessage.Time(), parser.parse("{\"type\":\"time\"}"));
        assertEquals(new ClientMessage.Unsubscribe(StreamId.of("a.b")),
                parser.parse("{\"type\":\"unsubscribe\",\"stream\":\"a.b\"}"));
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
