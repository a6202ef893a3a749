package io.seriesflow.testkit;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A plain HTTP client reading {@code text/event-stream} as the HTML specification parses it (fields {@code id},
 * {@code data}, {@code retry}; comments; an event ends at a blank line), on its own thread. It keeps every event
 * with the last event id in force after it, as {@code EventSource} does, and counts comments (heartbeats).
 */
public final class SseTestClient implements AutoCloseable {
    /** One dispatched event: its data parsed as JSON, and the last event id in force once it arrived. */
    public record Event(String lastEventId, boolean hadId, JsonObject data) {
        public String type() {
            return data.getString("type", "");
        }
    }

    private final HttpResponse<InputStream> response;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile int comments;
    private volatile boolean ended;

    private SseTestClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-test-client");
        reader.setDaemon(true);
    }

    /** Opens the stream; the status and headers are in {@link #response()}, events arrive in the background. */
    public static SseTestClient open(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET()
                .header("Accept", "text/event-stream");
        headers.forEach(request::header);
        try {
            HttpResponse<InputStream> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            SseTestClient client = new SseTestClient(response);
            client.reader.start();
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public HttpResponse<InputStream> response() {
        return response;
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public List<Event> events(String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    public int comments() {
        return comments;
    }

    /** Whether the server ended the response. */
    public boolean ended() {
        return ended;
    }

    private void read() {
        String lastEventId = "";
        boolean hadId = false;
        StringBuilder data = new StringBuilder();
        boolean hasData = false;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (hasData) {
                        events.add(new Event(lastEventId, hadId, Json.createReader(new StringReader(data.toString()))
                                .readObject()));
                    }
                    data.setLength(0);
                    hasData = false;
                    hadId = false;
                } else if (line.startsWith(":")) {
                    comments++;
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    if (field.equals("data")) {
                        data.append(hasData ? "\n" : "").append(value);
                        hasData = true;
                    } else if (field.equals("id")) {
                        lastEventId = value;
                        hadId = true;
                    }
                }
            }
        } catch (IOException e) {
            // Closed by the test, or the server went away: the events so far stay for the test to check.
        } finally {
            ended = true;
        }
    }

    /** Ends the connection from the client's side. */
    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The points carried by the events so far, for one stream, as seqs in arrival order. */
    public List<Long> seqs(String stream) {
        List<Long> seqs = new ArrayList<>();
        for (Event event : events("points")) {
            if (event.data().getString("stream").equals(stream)) {
                event.data().getJsonArray("points").forEach(p -> seqs.add(p.asJsonArray().getJsonNumber(0)
                        .longValue()));
            }
        }
        return seqs;
    }
}
