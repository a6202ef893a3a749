package io.seriesflow.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The application's validated configuration, one value per {@link Setting}. Immutable.
 *
 * <p>Typed accessors cover every setting; {@link #origins()} says where each value came from.
 */
public final class Settings {
    private static final Pattern INFLUX_PLACEHOLDER = Pattern.compile("\\{(?:measurement|tags|field|tag:[^{}]+)}");
    private static final Pattern GENERATOR_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    /** The name of the stream the demo dataset feeds; no generator may take it. */
    public static final String DEMO_STREAM = "demo";
    /** The largest estimated wire size of one point among the formats (the compatible mode's frame per point). */
    static final long MAX_BYTES_PER_POINT = 72;
    private static final Pattern ORIGIN = Pattern.compile("(?i)https?://(\\[[0-9a-f:.]+]|[a-z0-9.-]+)(:\\d{1,5})?");

    private final Map<Setting, String> values;
    private final Map<Setting, String> origins;
    private final List<Generator> generators;
    private final List<StreamLabelSetting> streamLabels;

    private Settings(Map<Setting, String> values, Map<Setting, String> origins) {
        this.values = Map.copyOf(values);
        this.origins = Map.copyOf(origins);
        for (Setting setting : Setting.values()) {
            validate(setting);
        }
        this.generators = parseGenerators();
        this.streamLabels = parseStreamLabels();
        checkCombinations();
    }

    /** The InfluxDB stream template: known placeholders only, no stray brace, and {field} (see docs). */
    private void checkInfluxTemplate() {
        String template = values.get(Setting.INFLUX_STREAM_TEMPLATE);
        String rest = INFLUX_PLACEHOLDER.matcher(template).replaceAll("");
        if (rest.indexOf('{') >= 0 || rest.indexOf('}') >= 0 || !template.contains("{field}")) {
            throw invalid(Setting.INFLUX_STREAM_TEMPLATE, "'" + template + "' must contain {field} and no "
                    + "placeholder but {measurement}, {tags}, {tag:key} and {field}");
        }
    }

    /** Settings that are each valid but cannot work together fail the deployment too. */
    private void checkCombinations() {
        checkRedisUrl();
        checkInfluxTemplate();
        for (Setting list : List.of(Setting.METRICS_ALLOWED_ADDRESSES, Setting.OPS_ALLOWED_ADDRESSES)) {
            try {
                AddressRanges.parse(values.get(list));
            } catch (IllegalArgumentException e) {
                throw invalid(list, e.getMessage());
            }
        }
        for (String origin : allowedOrigins()) {
            if (!origin.equals("*") && !ORIGIN.matcher(origin).matches()) {
                throw invalid(Setting.ALLOWED_ORIGINS, "'" + origin + "' is neither * nor an origin such as "
                        + "https://example.com or http://example.com:8080 (scheme, host, optional port, no path)");
            }
        }
        if (number(Setting.PING_INTERVAL_MS) >= number(Setting.IDLE_TIMEOUT_MS)) {
            throw invalid(Setting.PING_INTERVAL_MS, number(Setting.PING_INTERVAL_MS) + " ms is not below "
                    + "seriesflow.idle-timeout-ms (" + number(Setting.IDLE_TIMEOUT_MS) + " ms): a client that only "
                    + "answers pings would be closed as idle");
        }
        long largestPublish = number(Setting.INGEST_MAX_POINTS) * MAX_BYTES_PER_POINT;
        boolean closes = "close".equals(values.get(Setting.CLIENT_OVERFLOW));
        if (closes && largestPublish > number(Setting.CLIENT_QUEUE_BYTES)) {
            throw invalid(Setting.CLIENT_QUEUE_BYTES, number(Setting.CLIENT_QUEUE_BYTES) + " bytes cannot hold one "
                    + "publish of seriesflow.ingest-max-points (" + number(Setting.INGEST_MAX_POINTS) + " points, up "
                    + "to " + largestPublish + " bytes) under seriesflow.client-overflow=close: every such publish "
                    + "would close every subscriber; raise it, lower the points, or use drop-oldest");
        }
    }

    private void checkRedisUrl() {
        String text = values.get(Setting.REDIS_URL).trim();
        if (text.isEmpty()) {
            return;
        }
        try {
            java.net.URI uri = new java.net.URI(text);
            if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new java.net.URISyntaxException(text, "not redis://host[:port][/db] or rediss://");
            }
        } catch (java.net.URISyntaxException e) {
            // The message must not repeat the URL: it may hold a password.
            throw invalid(Setting.REDIS_URL, "not a redis:// or rediss:// URL with a host");
        }
    }

    /** All defaults. */
    public static Settings defaults() {
        return read(List.of());
    }

    /**
     * Reads every setting from the first source that has it, else its default, and validates it.
     *
     * @param sources in order of precedence, highest first
     * @throws InvalidSettingException naming the setting and source of the first bad value
     */
    public static Settings read(List<ConfigSource> sources) {
        Map<Setting, String> raw = new EnumMap<>(Setting.class);
        Map<Setting, String> origins = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            raw.put(setting, setting.defaultValue());
            origins.put(setting, "default");
            for (ConfigSource source : sources) {
                Optional<String> value = source.find(setting);
                if (value.isPresent()) {
                    raw.put(setting, value.get());
                    origins.put(setting, source.name() + " " + source.keyOf().apply(setting));
                    break;
                }
            }
        }
        return new Settings(raw, origins);
    }

    private void validate(Setting setting) {
        String text = values.get(setting);
        if (setting.isNumeric()) {
            long value;
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw invalid(setting, "'" + text + "' is not a whole number of " + setting.unit());
            }
            if (value < setting.min() || value > setting.max()) {
                throw invalid(setting, value + " " + setting.unit() + " is outside " + setting.range());
            }
        } else if (!setting.choices().isEmpty() && !setting.choices().contains(text)) {
            throw invalid(setting, "'" + text + "' is not one of " + setting.range());
        }
    }

    private InvalidSettingException invalid(Setting setting, String problem) {
        return new InvalidSettingException(setting.key() + " from " + origins.get(setting) + ": " + problem);
    }

    private List<Generator> parseGenerators() {
        List<Generator> parsed = new ArrayList<>();
        String text = values.get(Setting.GENERATORS).trim();
        if (text.isEmpty() || text.equals("none")) {
            return List.of();
        }
        for (String entry : text.split(",")) {
            String[] parts = entry.trim().split(":");
            if (parts.length != 3) {
                throw invalid(Setting.GENERATORS, "'" + entry.trim() + "' is not name:kind:interval-ms");
            }
            Generator.Kind kind = Generator.Kind.byConfigName(parts[1]);
            if (!GENERATOR_NAME.matcher(parts[0]).matches() || kind == null) {
                throw invalid(Setting.GENERATORS, "'" + entry.trim()
                        + "' needs a name like [a-z0-9][a-z0-9._-]* and a kind of sine or random-walk");
            }
            long interval;
            try {
                interval = Long.parseLong(parts[2]);
            } catch (NumberFormatException e) {
                throw invalid(Setting.GENERATORS, "'" + parts[2] + "' is not a whole number of ms");
            }
            if (interval < 1 || interval > 60_000) {
                throw invalid(Setting.GENERATORS, "interval " + interval + " ms is outside 1..60000");
            }
            if (parts[0].equals(DEMO_STREAM) || parsed.stream().anyMatch(g -> g.stream().equals(parts[0]))) {
                throw invalid(Setting.GENERATORS, "'" + parts[0] + "' names a stream twice (the dataset feeds '"
                        + DEMO_STREAM + "'); give each generator its own name");
            }
            parsed.add(new Generator(parts[0], kind, interval));
        }
        return List.copyOf(parsed);
    }

    /** {@code stream=display name [unit];...}: each part checked as the engine's labels are. */
    private List<StreamLabelSetting> parseStreamLabels() {
        List<StreamLabelSetting> parsed = new ArrayList<>();
        String text = values.get(Setting.STREAM_LABELS).trim();
        if (text.isEmpty() || text.equals("none")) {
            return List.of();
        }
        for (String entry : text.split(";")) {
            int equals = entry.indexOf('=');
            if (equals < 0) {
                throw invalid(Setting.STREAM_LABELS, "'" + entry.trim() + "' is not stream=display name [unit]");
            }
            String stream = entry.substring(0, equals).trim();
            if (!GENERATOR_NAME.matcher(stream).matches()
                    || parsed.stream().anyMatch(label -> label.stream().equals(stream))) {
                throw invalid(Setting.STREAM_LABELS, "'" + stream + "' is not a stream name, or is named twice");
            }
            String label = entry.substring(equals + 1).trim();
            int open = label.lastIndexOf('[');
            boolean hasUnit = label.endsWith("]") && open >= 0;
            try {
                parsed.add(new StreamLabelSetting(stream, hasUnit ? label.substring(0, open).trim() : label,
                        hasUnit ? label.substring(open + 1, label.length() - 1).trim() : ""));
            } catch (IllegalArgumentException e) {
                throw invalid(Setting.STREAM_LABELS, "'" + entry.trim() + "': " + e.getMessage());
            }
        }
        return List.copyOf(parsed);
    }

    public String raw(Setting setting) {
        return values.get(setting);
    }

    public long number(Setting setting) {
        return Long.parseLong(values.get(setting));
    }

    public int integer(Setting setting) {
        return Math.toIntExact(number(setting));
    }

    public Duration millis(Setting setting) {
        return Duration.ofMillis(number(setting));
    }

    public boolean flag(Setting setting) {
        return Boolean.parseBoolean(values.get(setting));
    }

    /**
     * The time limit of one blocking send: {@code seriesflow.blocking-send-timeout-ms}, but at most half of
     * {@code seriesflow.client-max-lag-ms}, so a blocked send ends before the lag check would close its client
     * from another thread.
     */
    public long blockingSendTimeoutMillis() {
        return Math.min(number(Setting.BLOCKING_SEND_TIMEOUT_MS), number(Setting.CLIENT_MAX_LAG_MS) / 2);
    }

    public Duration tickInterval() {
        return millis(Setting.TICK_INTERVAL_MS);
    }

    public Optional<String> dataset() {
        return Optional.of(values.get(Setting.DATASET)).filter(path -> !path.isBlank());
    }

    public List<Generator> generators() {
        return generators;
    }

    /** Configured display names and units, by stream. */
    public List<StreamLabelSetting> streamLabels() {
        return streamLabels;
    }

    /** The publish token, empty when publishing is disabled. */
    public Optional<String> publishToken() {
        return Optional.of(values.get(Setting.PUBLISH_TOKEN)).filter(token -> !token.isBlank());
    }

    /** Whether /metrics is served and sends are counted ({@code seriesflow.metrics=on}). */
    public boolean metricsEnabled() {
        return "on".equals(values.get(Setting.METRICS));
    }

    /** The bearer token /metrics requires, empty when it requires none. */
    public Optional<String> metricsToken() {
        return Optional.of(values.get(Setting.METRICS_TOKEN)).filter(token -> !token.isBlank());
    }

    /** The bearer token of the operations page, empty when the page is disabled. */
    public Optional<String> opsToken() {
        return Optional.of(values.get(Setting.OPS_TOKEN)).filter(token -> !token.isBlank());
    }

    /** Client addresses allowed to read /metrics. */
    public AddressRanges metricsAllowedAddresses() {
        return AddressRanges.parse(values.get(Setting.METRICS_ALLOWED_ADDRESSES));
    }

    /** Client addresses allowed to open the operations page. */
    public AddressRanges opsAllowedAddresses() {
        return AddressRanges.parse(values.get(Setting.OPS_ALLOWED_ADDRESSES));
    }

    /** Allowed origins; empty means "the page's own origin", a single "*" means any. */
    public List<String> allowedOrigins() {
        String text = values.get(Setting.ALLOWED_ORIGINS).trim();
        return text.isEmpty() ? List.of() : List.of(text.split("\\s*,\\s*"));
    }

    /** The shared Redis's URL, or empty when streams live in this node's memory. */
    public Optional<java.net.URI> redisUrl() {
        String text = values.get(Setting.REDIS_URL).trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(java.net.URI.create(text));
    }

    /** This node's name: the setting, or the host name with a random suffix (new at every start). */
    public String nodeId() {
        String configured = values.get(Setting.NODE_ID).trim();
        if (!configured.isEmpty()) {
            return configured;
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "node"; // no resolvable host name (a minimal container): the suffix alone tells nodes apart
        }
        return host + "-" + java.util.HexFormat.of().toHexDigits(new java.security.SecureRandom().nextInt());
    }

    /** Where each value came from: "default" or the source and key. */
    public Map<Setting, String> origins() {
        return origins;
    }
}
