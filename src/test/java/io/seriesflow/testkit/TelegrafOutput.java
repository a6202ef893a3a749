package io.seriesflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP request Telegraf sends for one batch, built from a Telegraf configuration file as Telegraf reads it,
 * for a machine where Telegraf itself cannot be installed. Reproduced from Telegraf's documentation and its
 * output plugins: {@code outputs.influxdb_v2} POSTs to {@code <url>/api/v2/write?bucket=&org=} with
 * {@code Authorization: Token <token>}, {@code Content-Type: text/plain; charset=utf-8}, a {@code Telegraf/...}
 * User-Agent and, by default, {@code Content-Encoding: gzip}; {@code outputs.http} POSTs to its {@code url} with
 * its {@code headers}, the same Content-Type for the influx data format and no encoding by default. Each
 * {@code ${VAR}} is replaced as Telegraf replaces environment variables. Immutable.
 */
public final class TelegrafOutput {
    private static final String USER_AGENT = "Telegraf/1.32.0 Go/1.23.1";
    private static final Pattern SECTION = Pattern.compile("^\\s*\\[\\[?([a-z0-9_.]+)]]?\\s*$");
    private static final Pattern ENTRY = Pattern.compile("^\\s*([A-Za-z0-9_-]+)\\s*=\\s*(.+?)\\s*$");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

    private final Map<String, Map<String, String>> sections;

    private TelegrafOutput(Map<String, Map<String, String>> sections) {
        this.sections = sections;
    }

    /** Reads the sections and their {@code key = value} entries (strings, and lists of one string). */
    public static TelegrafOutput read(Path config, Map<String, String> environment) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        try {
            for (String line : Files.readAllLines(config, StandardCharsets.UTF_8)) {
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                Matcher section = SECTION.matcher(text);
                Matcher entry = ENTRY.matcher(text);
                if (section.matches()) {
                    current = sections.computeIfAbsent(section.group(1), name -> new LinkedHashMap<>());
                } else if (entry.matches() && current != null) {
                    current.put(entry.group(1), value(entry.group(2), environment));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TelegrafOutput(sections);
    }

    private static String value(String raw, Map<String, String> environment) {
        String text = raw.replaceAll("^\\[\\s*(.*?)\\s*]$", "$1").replaceAll("^\"(.*)\"$", "$1");
        Matcher variable = VARIABLE.matcher(text);
        StringBuilder replaced = new StringBuilder();
        while (variable.find()) {
            variable.appendReplacement(replaced, Matcher.quoteReplacement(environment.getOrDefault(
                    variable.group(1), "")));
        }
        return variable.appendTail(replaced).toString();
    }

    /** The request {@code outputs.influxdb_v2} sends for a batch in line protocol. */
    public HttpRequest influxDbV2(String lineProtocol) {
        Map<String, String> output = require("outputs.influxdb_v2");
        String url = output.get("urls").replaceAll("/+$", "") + "/api/v2/write?bucket="
                + encode(output.getOrDefault("bucket", "")) + "&org=" + encode(output.getOrDefault("organization", ""));
        boolean gzip = output.getOrDefault("content_encoding", "gzip").equals("gzip");
        HttpRequest.Builder request = post(url, lineProtocol, gzip)
                .header("Authorization", "Token " + output.getOrDefault("token", ""));
        return request.build();
    }

    /** The request {@code outputs.http} sends for a batch with {@code data_format = "influx"}. */
    public HttpRequest http(String lineProtocol) {
        Map<String, String> output = require("outputs.http");
        if (!"influx".equals(output.get("data_format"))) {
            throw new AssertionError("outputs.http must use data_format = \"influx\": " + output);
        }
        boolean gzip = output.getOrDefault("content_encoding", "identity").equals("gzip");
        HttpRequest.Builder request = post(output.get("url"), lineProtocol, gzip);
        sections.getOrDefault("outputs.http.headers", Map.of()).forEach(request::header);
        return request.build();
    }

    private Map<String, String> require(String section) {
        Map<String, String> output = sections.get(section);
        if (output == null) {
            throw new AssertionError("the configuration has no [[" + section + "]]: " + sections.keySet());
        }
        return output;
    }

    private static HttpRequest.Builder post(String url, String lineProtocol, boolean gzip) {
        byte[] body = lineProtocol.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip ? Compressed.gzip(body) : body))
                .header("Content-Type", "text/plain; charset=utf-8").header("User-Agent", USER_AGENT);
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        return request;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * One flush of Telegraf's default inputs for a host, as its influx serializer writes them (tags sorted by key,
     * fields in the plugin's order, floats in shortest form, integers with 'i', nanosecond timestamps): cpu per core
     * and in total with its ten usage fields, mem, and system's three metrics (one of them a string field).
     */
    public static String defaultBatch(String host, long nanos) {
        StringBuilder lines = new StringBuilder();
        for (String cpu : new String[] {"cpu0", "cpu-total"}) {
            lines.append("cpu,cpu=").append(cpu).append(",host=").append(host).append(" usage_guest=0,"
                    + "usage_guest_nice=0,usage_idle=97.46835443037975,usage_iowait=0.10126582278481013,usage_irq=0,"
                    + "usage_nice=0,usage_softirq=0.05063291139240506,usage_steal=0,usage_system=1.0632911392405062,"
                    + "usage_user=1.3164556962025316 ").append(nanos).append('\n');
        }
        lines.append("mem,host=").append(host).append(" active=4081479680i,available=20318412800i,"
                + "available_percent=78.95046262180433,buffered=195649536i,cached=8230817792i,free=12479004672i,"
                + "inactive=7712428032i,total=25735778304i,used=4830306304i,used_percent=18.768807106568375 ")
                .append(nanos).append('\n');
        lines.append("system,host=").append(host).append(" load1=0.31,load15=0.42,load5=0.5,n_cpus=2i,"
                + "n_unique_users=1i,n_users=1i ").append(nanos).append('\n');
        lines.append("system,host=").append(host).append(" uptime=86400i ").append(nanos).append('\n');
        lines.append("system,host=").append(host).append(" uptime_format=\"1 day,  0:00\" ").append(nanos)
                .append('\n');
        return lines.toString();
    }
}
