import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's load generator: N WebSocket connections on one selector thread, opened with a ramp, that
 * count frames and points, measure end-to-end latency from each frame's newest point ts, and report the CPU
 * time of the server process and of this process read from /proc, and the server's RSS. JDK only, so its own
 * cost per frame stays small and visible.
 *
 * <pre>
 * java bench/LoadGenerator.java --url ws://127.0.0.1:18080/ws --connections 1000 --ramp-per-second 2000 \
 *      --warmup-seconds 3 --seconds 10 --expect-hz 10 --server-pid 1234 [--mode compat|v1|bin] [--stream demo]
 *      [--streams 1] [--publish URL --token TOKEN --batch N --publishers 1] [--idle] [--deflate]
 *      [--redis-pid 5678]
 * </pre>
 * {@code --url}, {@code --server-pid} and {@code --publish} take comma-separated lists for several nodes:
 * connection i goes to the i-th URL modulo their number, publisher thread j to the j-th publish URL modulo
 * theirs, and the server CPU and RSS are the sums over the listed processes. {@code --redis-pid} adds the CPU
 * time of a Redis server to the results.
 * {@code --deflate} offers {@code permessage-deflate} in the handshake as browsers do; when the server accepts
 * it, compressed messages are inflated (this generator's own CPU then includes the inflating).
 * Prints one JSON object with the results.
 */
public final class LoadGenerator {
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        List<URI> urls = Arrays.stream(options.getOrDefault("url", "ws://127.0.0.1:18080/ws").split(","))
                .map(URI::create).toList();
        int connections = Integer.parseInt(options.getOrDefault("connections", "1"));
        int rampPerSecond = Integer.parseInt(options.getOrDefault("ramp-per-second", "2000"));
        int warmupSeconds = Integer.parseInt(options.getOrDefault("warmup-seconds", "3"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "10"));
        double expectHz = Double.parseDouble(options.getOrDefault("expect-hz", "0"));
        long[] serverPids = Arrays.stream(options.getOrDefault("server-pid", "").split(","))
                .filter(pid -> !pid.isBlank()).mapToLong(Long::parseLong).toArray();
        long redisPid = Long.parseLong(options.getOrDefault("redis-pid", "0"));
        String mode = options.getOrDefault("mode", "compat");
        int streams = Integer.parseInt(options.getOrDefault("streams", "1"));
        String stream = options.getOrDefault("stream", "demo");
        boolean idle = options.containsKey("idle");
        boolean deflate = options.containsKey("deflate");

        Load load = new Load(urls, mode, stream, streams, idle, deflate);
        Thread loop = new Thread(load::run, "loadgen-selector");
        loop.start();
        long rampStart = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            load.open(i);
            long due = rampStart + (long) ((i + 1) * 1e9 / rampPerSecond);
            sleepUntil(due);
        }
        waitFor(() -> load.open.get() + load.failed.get() >= connections, Duration.ofSeconds(60));
        Publisher publisher = options.containsKey("publish") ? new Publisher(
                Arrays.stream(options.get("publish").split(",")).map(URI::create).toList(),
                options.getOrDefault("token", ""), Integer.parseInt(options.getOrDefault("batch", "1000")),
                Integer.parseInt(options.getOrDefault("publishers", "1"))) : null;
        if (publisher != null) {
            publisher.start();
        }
        sleepUntil(System.nanoTime() + warmupSeconds * 1_000_000_000L);

        Snapshot before = Snapshot.take(load, serverPids, redisPid, publisher);
        load.resetWindow();
        sleepUntil(System.nanoTime() + seconds * 1_000_000_000L);
        Snapshot after = Snapshot.take(load, serverPids, redisPid, publisher);
        long[] perConnection = load.windowFramesPerConnection();
        long[] latencies = load.latencyHistogram();
        if (publisher != null) {
            publisher.stop();
        }
        load.stop();
        loop.join(5_000);

        double elapsed = (after.nanos - before.nanos) / 1e9;
        long frames = after.frames - before.frames;
        long points = after.points - before.points;
        double serverCpu = (after.serverTicks - before.serverTicks) / (double) CLOCK_TICKS_PER_SECOND;
        double serverUser = (after.serverUserTicks - before.serverUserTicks) / (double) CLOCK_TICKS_PER_SECOND;
        double selfCpu = (after.selfTicks - before.selfTicks) / (double) CLOCK_TICKS_PER_SECOND;
        double redisCpu = (after.redisTicks - before.redisTicks) / (double) CLOCK_TICKS_PER_SECOND;
        long publishedInWindow = after.published - before.published;
        double expectedFrames = expectHz * connections * elapsed;
        Arrays.sort(perConnection);
        StringBuilder json = new StringBuilder("{");
        field(json, "mode", "\"" + mode + "\"");
        field(json, "deflateOffered", deflate);
        field(json, "deflateNegotiated", load.deflated.get());
        field(json, "connections", connections);
        field(json, "opened", load.open.get());
        field(json, "failed", load.failed.get());
        field(json, "closedDuringRun", load.closed.get());
        field(json, "seconds", round(elapsed, 2));
        field(json, "frames", frames);
        field(json, "points", points);
        field(json, "framesPerSecond", round(frames / elapsed, 0));
        field(json, "pointsPerSecond", round(points / elapsed, 0));
        field(json, "deliveredPercent", expectedFrames > 0 ? round(100.0 * frames / expectedFrames, 2) : -1);
        field(json, "minConnectionFramesPerSecond", perConnection.length > 0 ? round(perConnection[0] / elapsed, 2)
                : 0);
        field(json, "latencyP50Ms", percentile(latencies, 0.50));
        field(json, "latencyP99Ms", percentile(latencies, 0.99));
        field(json, "latencyMaxMs", percentile(latencies, 1.0));
        field(json, "serverCpuSeconds", round(serverCpu, 3));
        field(json, "serverUserCpuSeconds", round(serverUser, 3));
        field(json, "serverCpuMicrosPerFrame", frames > 0 ? round(serverCpu * 1e6 / frames, 2) : -1);
        field(json, "serverUserMicrosPerFrame", frames > 0 ? round(serverUser * 1e6 / frames, 2) : -1);
        field(json, "serverCpuPercent", round(100 * serverCpu / elapsed, 1));
        field(json, "loadgenCpuSeconds", round(selfCpu, 3));
        field(json, "loadgenCpuPercent", round(100 * selfCpu / elapsed, 1));
        field(json, "serverRssKiB", after.serverRssKiB);
        field(json, "nodes", urls.size());
        field(json, "publishedPoints", publisher == null ? 0 : publisher.published.get());
        field(json, "acceptedPointsPerSecond", round(publishedInWindow / elapsed, 0));
        if (redisPid > 0) {
            field(json, "redisCpuSeconds", round(redisCpu, 3));
            field(json, "redisCpuPercent", round(100 * redisCpu / elapsed, 1));
            field(json, "redisCpuMicrosPerAcceptedPoint", publishedInWindow > 0
                    ? round(redisCpu * 1e6 / publishedInWindow, 3) : -1);
        }
        json.setLength(json.length() - 1);
        System.out.println(json.append('}'));
        System.exit(0);
    }

    /** One selector thread driving every connection. */
    static final class Load {
        final List<URI> urls;
        final String mode;
        final String stream;
        final int streams;
        final boolean idle;
        final boolean offerDeflate;
        final AtomicLong deflated = new AtomicLong();
        final Selector selector;
        final List<Conn> pending = new ArrayList<>();
        final List<Conn> all = new ArrayList<>();
        final AtomicLong open = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong closed = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        final long[] latencyMs = new long[10_001];
        volatile boolean counting;
        long frames;
        long points;

        Load(List<URI> urls, String mode, String stream, int streams, boolean idle, boolean offerDeflate)
                throws IOException {
            this.urls = urls;
            this.mode = mode;
            this.stream = stream;
            this.streams = streams;
            this.idle = idle;
            this.offerDeflate = offerDeflate;
            this.selector = Selector.open();
        }

        void open(int index) {
            String name = streams > 1 ? (index % streams == 0 ? "demo" : "s" + (index % streams)) : stream;
            synchronized (pending) {
                pending.add(new Conn(this, urls.get(index % urls.size()), name));
            }
            selector.wakeup();
        }

        void run() {
            ByteBuffer read = ByteBuffer.allocateDirect(256 * 1024);
            while (running.get()) {
                try {
                    selector.select(100);
                    synchronized (pending) {
                        for (Conn conn : pending) {
                            conn.connect();
                        }
                        pending.clear();
                    }
                    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                    while (keys.hasNext()) {
                        SelectionKey key = keys.next();
                        keys.remove();
                        ((Conn) key.attachment()).ready(key, read);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            for (Conn conn : all) {
                conn.closeQuietly();
            }
        }

        synchronized void resetWindow() {
            Arrays.fill(latencyMs, 0);
            for (Conn conn : all) {
                conn.windowFrames = 0;
            }
            counting = true;
        }

        synchronized long[] windowFramesPerConnection() {
            counting = false;
            return all.stream().filter(c -> c.upgraded).mapToLong(c -> c.windowFrames).toArray();
        }

        synchronized long[] latencyHistogram() {
            return latencyMs.clone();
        }

        synchronized void record(Conn conn, int framePoints, long ts) {
            frames++;
            points += framePoints;
            if (counting) {
                conn.windowFrames++;
                if (ts > 0) {
                    long latency = Math.max(0, System.currentTimeMillis() - ts);
                    latencyMs[(int) Math.min(latencyMs.length - 1, latency)]++;
                }
            }
        }

        synchronized long frames() {
            return frames;
        }

        synchronized long points() {
            return points;
        }

        void stop() {
            running.set(false);
            selector.wakeup();
        }
    }

    /** One connection: handshake, optional subscribe, then a frame parser that counts and reads ts. */
    static final class Conn {
        final Load load;
        final URI url;
        final String stream;
        SocketChannel channel;
        boolean upgraded;
        long windowFrames;
        long baseTime;
        byte[] headerBytes = new byte[0];
        ByteBuffer frame = ByteBuffer.allocate(64 * 1024);
        /** The fragments of a message sent in several frames (FIN not yet seen), and its opcode. */
        java.io.ByteArrayOutputStream fragments;
        int fragmentedOpcode;
        /** Set when the server accepted permessage-deflate; kept across messages unless it resets its context. */
        java.util.zip.Inflater inflater;
        boolean serverResetsContext;
        boolean fragmentedCompressed;

        Conn(Load load, URI url, String stream) {
            this.load = load;
            this.url = url;
            this.stream = stream;
        }

        void connect() throws IOException {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(new InetSocketAddress(url.getHost(), url.getPort()));
            channel.register(load.selector, SelectionKey.OP_CONNECT, this);
            synchronized (load) {
                load.all.add(this);
            }
        }

        void ready(SelectionKey key, ByteBuffer read) {
            try {
                if (key.isConnectable()) {
                    channel.finishConnect();
                    sendHandshake();
                    key.interestOps(SelectionKey.OP_READ);
                    return;
                }
                read.clear();
                int n = channel.read(read);
                if (n < 0) {
                    load.closed.incrementAndGet();
                    key.cancel();
                    channel.close();
                    return;
                }
                read.flip();
                if (!upgraded) {
                    readHandshake(read);
                }
                if (upgraded && !load.idle) {
                    readFrames(read);
                }
            } catch (IOException e) {
                load.failed.incrementAndGet();
                key.cancel();
                closeQuietly();
            }
        }

        void sendHandshake() throws IOException {
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            String path = url.getRawPath() + (load.mode.equals("compat") ? "?stream=" + stream : "");
            String protocol = switch (load.mode) {
                case "v1" -> "Sec-WebSocket-Protocol: seriesflow.v1\r\n";
                case "bin" -> "Sec-WebSocket-Protocol: seriesflow.bin.v1\r\n";
                default -> "";
            };
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n" + protocol
                    + (load.offerDeflate ? "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
                            : "")
                    + "\r\n";
            write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        }

        void readHandshake(ByteBuffer read) throws IOException {
            byte[] chunk = new byte[read.remaining()];
            read.get(chunk);
            byte[] joined = Arrays.copyOf(headerBytes, headerBytes.length + chunk.length);
            System.arraycopy(chunk, 0, joined, headerBytes.length, chunk.length);
            String text = new String(joined, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                headerBytes = joined;
                return;
            }
            if (!text.startsWith("HTTP/1.1 101")) {
                throw new IOException("handshake refused: " + text.lines().findFirst().orElse(""));
            }
            upgraded = true;
            load.open.incrementAndGet();
            String head = text.substring(0, end).toLowerCase(Locale.ROOT);
            if (head.contains("sec-websocket-extensions") && head.contains("permessage-deflate")) {
                inflater = new java.util.zip.Inflater(true);
                serverResetsContext = head.contains("server_no_context_takeover");
                load.deflated.incrementAndGet();
            }
            read.clear();
            read.put(joined, end + 4, joined.length - end - 4).flip();
            if (!load.mode.equals("compat")) {
                sendText("{\"type\":\"subscribe\",\"stream\":\"" + stream + "\"}");
            }
        }

        void readFrames(ByteBuffer read) {
            while (read.hasRemaining()) {
                if (frame.remaining() < read.remaining()) {
                    ByteBuffer bigger = ByteBuffer.allocate(Math.max(frame.capacity() * 2,
                            frame.position() + read.remaining()));
                    frame.flip();
                    bigger.put(frame);
                    frame = bigger;
                }
                frame.put(read);
            }
            frame.flip();
            while (frame.remaining() >= 2) {
                int start = frame.position();
                int b0 = frame.get(start) & 0xFF;
                int b1 = frame.get(start + 1) & 0x7F;
                int header = 2;
                long length = b1;
                if (b1 == 126) {
                    if (frame.remaining() < 4) {
                        break;
                    }
                    length = frame.getShort(start + 2) & 0xFFFF;
                    header = 4;
                } else if (b1 == 127) {
                    if (frame.remaining() < 10) {
                        break;
                    }
                    length = frame.getLong(start + 2);
                    header = 10;
                }
                if (frame.remaining() < header + length) {
                    break;
                }
                onFrame(b0 & 0x0F, (b0 & 0x80) != 0, (b0 & 0x40) != 0, start + header, (int) length);
                frame.position(start + header + (int) length);
            }
            frame.compact();
        }

        void onFrame(int opcode, boolean fin, boolean compressed, int offset, int length) {
            if (opcode == 0x9) {
                sendPong(offset, length);
            } else if (opcode == 0x0 || (!fin && (opcode == 0x1 || opcode == 0x2))) {
                // A fragmented message (a server may split a large message into frames): collect it whole.
                if (opcode != 0x0) {
                    fragments = new java.io.ByteArrayOutputStream();
                    fragmentedOpcode = opcode;
                    fragmentedCompressed = compressed;
                }
                byte[] part = new byte[length];
                frame.get(offset, part);
                fragments.writeBytes(part);
                if (fin) {
                    byte[] whole = fragments.toByteArray();
                    fragments = null;
                    deliver(fragmentedOpcode, fragmentedCompressed, ByteBuffer.wrap(whole), 0, whole.length);
                }
            } else {
                deliver(opcode, compressed, frame, offset, length);
            }
        }

        /** Inflates a compressed message (RSV1 set on its first frame) before handing it on. */
        void deliver(int opcode, boolean compressed, ByteBuffer buffer, int offset, int length) {
            if (!compressed || inflater == null) {
                onMessage(opcode, buffer, offset, length);
                return;
            }
            byte[] input = new byte[length + 4];
            buffer.get(offset, input, 0, length);
            input[length + 2] = (byte) 0xFF;
            input[length + 3] = (byte) 0xFF;
            inflater.setInput(input);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(length * 4);
            byte[] chunk = new byte[16 * 1024];
            try {
                while (!inflater.needsInput()) {
                    int n = inflater.inflate(chunk);
                    if (n == 0 && inflater.needsInput()) {
                        break;
                    }
                    out.write(chunk, 0, n);
                }
            } catch (java.util.zip.DataFormatException e) {
                throw new IllegalStateException("bad compressed message", e);
            }
            if (serverResetsContext) {
                inflater.reset();
            }
            byte[] plain = out.toByteArray();
            onMessage(opcode, ByteBuffer.wrap(plain), 0, plain.length);
        }

        void onMessage(int opcode, ByteBuffer buffer, int offset, int length) {
            if (opcode == 0x1) {
                onText(buffer, offset, length);
            } else if (opcode == 0x2) {
                ByteBuffer bin = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
                int n = bin.getInt(offset + 4);
                long ts = n > 0 ? baseTime + (long) bin.getDouble(offset + 16 + 8 * (n - 1)) : 0;
                load.record(this, n, ts);
            }
        }

        /** Compatible frames carry one point; v1 points messages a batch whose last point is newest. */
        void onText(ByteBuffer buffer, int offset, int length) {
            byte[] bytes = new byte[length];
            buffer.get(offset, bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (text.startsWith("{\"seq\"")) {
                load.record(this, 1, numberAfter(text, "\"ts\":", 0));
            } else if (text.startsWith("{\"type\":\"points\"")) {
                int points = 1;
                for (int i = text.indexOf("],["); i >= 0; i = text.indexOf("],[", i + 3)) {
                    points++;
                }
                int last = text.lastIndexOf('[');
                int comma = text.indexOf(',', last);
                load.record(this, points, numberAfter(text, ",", comma - 1));
            } else if (text.startsWith("{\"type\":\"subscribed\"")) {
                baseTime = numberAfter(text, "\"baseTime\":", 0);
            }
        }

        static long numberAfter(String text, String marker, int from) {
            int i = text.indexOf(marker, from);
            if (i < 0) {
                return 0;
            }
            i += marker.length();
            long value = 0;
            for (; i < text.length() && Character.isDigit(text.charAt(i)); i++) {
                value = value * 10 + (text.charAt(i) - '0');
            }
            return value;
        }

        void sendText(String text) throws IOException {
            sendMasked(0x81, text.getBytes(StandardCharsets.UTF_8));
        }

        void sendPong(int offset, int length) {
            byte[] payload = new byte[length];
            frame.get(offset, payload);
            try {
                sendMasked(0x8A, payload);
            } catch (IOException e) {
                load.failed.incrementAndGet();
            }
        }

        void sendMasked(int firstByte, byte[] payload) throws IOException {
            if (payload.length > 125) {
                throw new IOException("short messages only");
            }
            ByteBuffer out = ByteBuffer.allocate(6 + payload.length);
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            out.put((byte) firstByte).put((byte) (0x80 | payload.length)).put(mask);
            for (int i = 0; i < payload.length; i++) {
                out.put((byte) (payload[i] ^ mask[i % 4]));
            }
            out.flip();
            write(out);
        }

        void write(ByteBuffer buffer) throws IOException {
            while (buffer.hasRemaining()) {
                if (channel.write(buffer) == 0) {
                    Thread.onSpinWait();
                }
            }
        }

        void closeQuietly() {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                // Closing at the end of a run; the server may have closed first.
                System.err.println("close: " + e);
            }
        }
    }

    /**
     * Floods a stream with NDJSON batches over HTTP for the maximum-rate and ingest scenarios: {@code threads}
     * threads, each posting one batch at a time, thread j to the j-th URL modulo their number.
     */
    static final class Publisher {
        final List<URI> urls;
        final String token;
        final int batch;
        final AtomicLong published = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        final List<Thread> threads = new ArrayList<>();

        Publisher(List<URI> urls, String token, int batch, int threads) {
            this.urls = urls;
            this.token = token;
            this.batch = batch;
            for (int j = 0; j < threads; j++) {
                URI url = urls.get(j % urls.size());
                this.threads.add(new Thread(() -> run(url), "loadgen-publisher-" + j));
            }
        }

        void start() {
            threads.forEach(Thread::start);
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(10_000);
            }
        }

        void run(URI url) {
            HttpClient http = HttpClient.newHttpClient();
            StringBuilder body = new StringBuilder(batch * 16);
            for (int i = 0; i < batch; i++) {
                body.append("{\"value\":").append(i % 100).append(".5}\n");
            }
            HttpRequest request = HttpRequest.newBuilder(url).header("Content-Type", "application/x-ndjson")
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
            while (running.get()) {
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("publish answered " + response.statusCode() + ": "
                                + response.body());
                    }
                    published.addAndGet(batch);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    record Snapshot(long nanos, long frames, long points, long serverTicks, long serverUserTicks, long selfTicks,
                    long serverRssKiB, long redisTicks, long published) {
        static Snapshot take(Load load, long[] serverPids, long redisPid, Publisher publisher) throws IOException {
            long ticks = 0;
            long userTicks = 0;
            long rss = 0;
            for (long pid : serverPids) {
                long[] server = cpuTicks(pid);
                ticks += server[0] + server[1];
                userTicks += server[0];
                rss += rssKiB(pid);
            }
            long[] self = cpuTicks(ProcessHandle.current().pid());
            long[] redis = redisPid > 0 ? cpuTicks(redisPid) : new long[] {0, 0};
            return new Snapshot(System.nanoTime(), load.frames(), load.points(), ticks, userTicks, self[0] + self[1],
                    rss, redis[0] + redis[1], publisher == null ? 0 : publisher.published.get());
        }
    }

    /** utime and stime of a process (all its threads), in clock ticks. */
    static long[] cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
    }

    static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    static long percentile(long[] histogram, double q) {
        long total = Arrays.stream(histogram).sum();
        if (total == 0) {
            return -1;
        }
        long target = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= target && histogram[i] > 0) {
                return i;
            }
        }
        return histogram.length - 1;
    }

    static void field(StringBuilder json, String name, Object value) {
        json.append('"').append(name).append("\":").append(value).append(',');
    }

    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    static void sleepUntil(long nanoDeadline) throws InterruptedException {
        long wait;
        while ((wait = nanoDeadline - System.nanoTime()) > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                String name = args[i].substring(2);
                boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
                options.put(name.toLowerCase(Locale.ROOT), hasValue ? args[++i] : "true");
            }
        }
        return options;
    }
}
