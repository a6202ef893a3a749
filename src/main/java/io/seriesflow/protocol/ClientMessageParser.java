package io.seriesflow.protocol;

import io.seriesflow.engine.Backfill;
import io.seriesflow.engine.ClientCommand;
import io.seriesflow.engine.OverflowPolicy;
import io.seriesflow.engine.Resume;
import io.seriesflow.engine.StreamId;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Parses client messages of {@code seriesflow.v1} into commands. Stateless and thread-safe. */
public final class ClientMessageParser {
    private static final System.Logger LOG = System.getLogger(ClientMessageParser.class.getName());
    private static final Set<String> SUBSCRIBE_MEMBERS = Set.of("type", "stream", "since", "epoch", "backfill",
            "overflow");
    private static final Set<String> BACKFILL_MEMBERS = Set.of("from", "buckets");
    private static final Set<String> UNSUBSCRIBE_MEMBERS = Set.of("type", "stream");
    private static final Set<String> TIME_MEMBERS = Set.of("type");

    /** The command, or {@link ClientCommand.Invalid} saying what is wrong. */
    public ClientCommand parseCommand(String text) {
        try {
            return parse(text);
        } catch (BadMessageException e) {
            return new ClientCommand.Invalid(e.getMessage());
        }
    }

    /** @throws BadMessageException saying what is wrong */
    public ClientCommand parse(String text) {
        JsonObject json = readObject(text);
        String type = string(json, "type").orElseThrow(() -> new BadMessageException("missing \"type\""));
        return switch (type) {
            case "subscribe" -> subscribe(json);
            case "unsubscribe" -> {
                onlyMembers(json, UNSUBSCRIBE_MEMBERS);
                yield new ClientCommand.Unsubscribe(stream(json));
            }
            case "time" -> {
                onlyMembers(json, TIME_MEMBERS);
                yield new ClientCommand.Time();
            }
            default -> throw new BadMessageException("unknown type \"" + type + "\"");
        };
    }

    private static ClientCommand.Subscribe subscribe(JsonObject json) {
        onlyMembers(json, SUBSCRIBE_MEMBERS);
        OptionalLong since = since(json);
        Optional<String> epoch = string(json, "epoch");
        Optional<Backfill> backfill = backfill(json);
        if (since.isPresent() && backfill.isPresent()) {
            throw new BadMessageException("\"since\" and \"backfill\" cannot be combined: resume from a position, "
                    + "or backfill a window");
        }
        Optional<OverflowPolicy> overflow = string(json, "overflow").map(name -> OverflowPolicy.byConfigName(name)
                .filter(policy -> policy != OverflowPolicy.CLOSE)
                .orElseThrow(() -> new BadMessageException("\"overflow\" must be \"drop-oldest\" or \"aggregate\"")));
        return new ClientCommand.Subscribe(stream(json),
                new Resume(since, since.isPresent() ? epoch : Optional.empty(), backfill), overflow);
    }

    /** {@code "backfill":{"from":ms,"buckets":n}}, or empty without it. */
    private static Optional<Backfill> backfill(JsonObject json) {
        JsonValue value = json.get("backfill");
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonObject backfill)) {
            throw new BadMessageException("\"backfill\" must be an object {\"from\":ms,\"buckets\":n}");
        }
        onlyMembers(backfill, BACKFILL_MEMBERS);
        long from = integer(backfill, "from", 0, Long.MAX_VALUE, "a whole number of ms since 1970");
        long buckets = integer(backfill, "buckets", 1, Integer.MAX_VALUE, "a positive whole number");
        return Optional.of(new Backfill(from, (int) buckets));
    }

    private static long integer(JsonObject json, String member, long min, long max, String rule) {
        JsonValue value = json.get(member);
        try {
            if (value instanceof JsonNumber number && number.isIntegral()) {
                long result = number.bigDecimalValue().longValueExact();
                if (result >= min && result <= max) {
                    return result;
                }
            }
        } catch (NumberFormatException | ArithmeticException | UnsupportedOperationException e) {
            // Too large for a long: the same answer as any other bad value below.
            LOG.log(System.Logger.Level.TRACE, "{0} out of range: {1}", member, e.toString());
        }
        throw new BadMessageException("\"backfill." + member + "\" must be " + rule);
    }

    private static JsonObject readObject(String text) {
        try (JsonReader reader = JsonFactories.READERS.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new BadMessageException("a message must be a JSON object");
            }
            return value.asJsonObject();
        } catch (JsonException e) {
            throw new BadMessageException("malformed JSON: " + e.getMessage());
        } catch (NumberFormatException | ArithmeticException | UnsupportedOperationException e) {
            throw new BadMessageException("a number is out of range");
        }
    }

    private static void onlyMembers(JsonObject json, Set<String> allowed) {
        for (String key : json.keySet()) {
            if (!allowed.contains(key)) {
                throw new BadMessageException("unknown member \"" + key + "\"");
            }
        }
    }

    private static StreamId stream(JsonObject json) {
        String name = string(json, "stream").orElseThrow(() -> new BadMessageException("missing \"stream\""));
        try {
            return StreamId.of(name);
        } catch (IllegalArgumentException e) {
            throw new BadMessageException(e.getMessage());
        }
    }

    private static OptionalLong since(JsonObject json) {
        JsonValue value = json.get("since");
        if (value == null || value == JsonValue.NULL) {
            return OptionalLong.empty();
        }
        try {
            if (value instanceof JsonNumber number && number.isIntegral() && number.bigDecimalValue().signum() >= 0) {
                return OptionalLong.of(number.bigDecimalValue().longValueExact());
            }
        } catch (NumberFormatException | ArithmeticException | UnsupportedOperationException e) {
            // Too large for a seq: the same answer as any other bad value below.
            LOG.log(System.Logger.Level.TRACE, "since out of range: {0}", e.toString());
        }
        throw new BadMessageException("\"since\" must be a non-negative integer");
    }

    private static Optional<String> string(JsonObject json, String member) {
        JsonValue value = json.get(member);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonString string)) {
            throw new BadMessageException("\"" + member + "\" must be a string");
        }
        return Optional.of(string.getString());
    }
}
