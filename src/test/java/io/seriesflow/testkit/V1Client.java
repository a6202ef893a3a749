package io.seriesflow.testkit;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code seriesflow.v1} or {@code seriesflow.bin.v1} client over a real {@link WsTestClient}: sends
 * subscribe and unsubscribe, and reads back control messages, points and aggregates (decoding binary frames with
 * the stream index and base time from {@code subscribed}). Thread-safe as its client is; decoding reads a snapshot.
 */
public final class V1Client implements AutoCloseable {
    private final WsTestClient client;

    /** One received point of a stream. */
    public record ReceivedPoint(String stream, long seq, long ts, double value, long arrivalNanos) {
    }

    private V1Client(WsTestClient client) {
        this.client = client;
    }

    public static V1Client connect(HttpClient http, URI ws, String subprotocol) {
        return new V1Client(WsTestClient.connect(http, ws, subprotocol));
    }

    public WsTestClient raw() {
        return client;
    }

    public void subscribe(String stream) {
        client.send("{\"type\":\"subscribe\",\"stream\":\"" + stream + "\"}");
    }

    public void subscribe(String stream, long since, String epoch) {
        client.send("{\"type\":\"subscribe\",\"stream\":\"" + stream + "\",\"since\":" + since
                + (epoch == null ? "" : ",\"epoch\":\"" + epoch + "\"") + "}");
    }

    public void unsubscribe(String stream) {
        client.send("{\"type\":\"unsubscribe\",\"stream\":\"" + stream + "\"}");
    }

    /** Text messages as JSON, in arrival order. */
    public List<JsonObject> controls() {
        return client.messages().stream().filter(WsTestClient.Received::isText)
                .map(m -> Json.createReader(new StringReader(m.text())).readObject()).toList();
    }

    public List<JsonObject> controls(String type) {
        return controls().stream().filter(m -> type.equals(m.getString("type"))).toList();
    }

    /** One aggregate received: the seqs it stands for and the points it kept. */
    public record ReceivedAggregate(String stream, String reason, long firstSeq, long lastSeq, List<Long> seqs,
                                    List<Long> timestamps, List<Double> values) {
    }

    /** Every aggregate received, from JSON messages and binary frames (kind 2), in arrival order. */
    public List<ReceivedAggregate> aggregates() {
        List<ReceivedAggregate> aggregates = new ArrayList<>();
        Map<Integer, JsonObject> byIndex = new HashMap<>();
        for (WsTestClient.Received message : client.messages()) {
            if (message.isText()) {
                JsonObject json = Json.createReader(new StringReader(message.text())).readObject();
                if (json.getString("type").equals("subscribed")) {
                    byIndex.put(json.getInt("index"), json);
                } else if (json.getString("type").equals("aggregate")) {
                    List<JsonArray> kept = json.getJsonArray("points").getValuesAs(JsonArray.class);
                    aggregates.add(new ReceivedAggregate(json.getString("stream"), json.getString("reason"),
                            json.getJsonNumber("firstSeq").longValueExact(),
                            json.getJsonNumber("lastSeq").longValueExact(),
                            kept.stream().map(p -> p.getJsonNumber(0).longValueExact()).toList(),
                            kept.stream().map(p -> p.getJsonNumber(1).longValueExact()).toList(),
                            kept.stream().map(p -> p.getJsonNumber(2).doubleValue()).toList()));
                }
            } else if (message.binary()[0] == 2) {
                aggregates.add(decodeAggregate(ByteBuffer.wrap(message.binary()).order(ByteOrder.LITTLE_ENDIAN),
                        byIndex));
            }
        }
        return aggregates;
    }

    private static ReceivedAggregate decodeAggregate(ByteBuffer buffer, Map<Integer, JsonObject> byIndex) {
        JsonObject subscribed = byIndex.get(Short.toUnsignedInt(buffer.getShort(2)));
        int n = buffer.getInt(4);
        long base = subscribed.getJsonNumber("baseTime").longValueExact();
        List<Long> seqs = new ArrayList<>();
        List<Long> timestamps = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            seqs.add((long) buffer.getDouble(32 + 8 * i));
            timestamps.add(base + (long) buffer.getDouble(32 + 8 * n + 8 * i));
            values.add(buffer.getDouble(32 + 16 * n + 8 * i));
        }
        return new ReceivedAggregate(subscribed.getString("stream"), buffer.get(24) == 1 ? "backfill" : "overflow",
                (long) buffer.getDouble(8), (long) buffer.getDouble(16), seqs, timestamps, values);
    }

    /** Every point received, from JSON and binary frames, in arrival order. */
    public List<ReceivedPoint> points() {
        List<ReceivedPoint> points = new ArrayList<>();
        Map<Integer, JsonObject> byIndex = new HashMap<>();
        for (WsTestClient.Received message : client.messages()) {
            if (message.isText()) {
                JsonObject json = Json.createReader(new StringReader(message.text())).readObject();
                String type = json.getString("type");
                if (type.equals("subscribed")) {
                    byIndex.put(json.getInt("index"), json);
                } else if (type.equals("points")) {
                    for (JsonArray point : json.getJsonArray("points").getValuesAs(JsonArray.class)) {
                        points.add(new ReceivedPoint(json.getString("stream"), point.getJsonNumber(0).longValueExact(),
                                point.getJsonNumber(1).longValueExact(), point.getJsonNumber(2).doubleValue(),
                                message.nanos()));
                    }
                }
            } else {
                decodeBinary(message, byIndex, points);
            }
        }
        return points;
    }

    private static void decodeBinary(WsTestClient.Received message, Map<Integer, JsonObject> byIndex,
                                     List<ReceivedPoint> points) {
        ByteBuffer buffer = ByteBuffer.wrap(message.binary()).order(ByteOrder.LITTLE_ENDIAN);
        if (buffer.get(0) == 2) {
            return; // an aggregate: see aggregates()
        }
        if (buffer.get(0) != 1 || buffer.get(1) != 1) {
            throw new AssertionError("unexpected binary frame kind/version");
        }
        int index = Short.toUnsignedInt(buffer.getShort(2));
        int n = buffer.getInt(4);
        long firstSeq = (long) buffer.getDouble(8);
        JsonObject subscribed = byIndex.get(index);
        if (subscribed == null) {
            throw new AssertionError("binary points for stream index " + index + " before its subscribed reply");
        }
        long base = subscribed.getJsonNumber("baseTime").longValueExact();
        for (int i = 0; i < n; i++) {
            long ts = base + (long) buffer.getDouble(16 + 8 * i);
            double value = buffer.getDouble(16 + 8 * n + 8 * i);
            points.add(new ReceivedPoint(subscribed.getString("stream"), firstSeq + i, ts, value, message.nanos()));
        }
    }

    public List<Long> seqs(String stream) {
        return points().stream().filter(p -> p.stream().equals(stream)).map(ReceivedPoint::seq).toList();
    }

    @Override
    public void close() {
        client.close();
    }
}
