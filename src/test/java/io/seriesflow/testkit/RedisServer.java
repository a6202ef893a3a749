package io.seriesflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real {@code redis-server} (Debian's binary) started as a child process on a free port of 127.0.0.1, with its
 * own data directory (append-only file, fsync on every write, no RDB snapshots), for cluster tests that need a
 * Redis to lose, freeze and bring back. Every restart reuses the port, so nodes configured with {@link #url()} find
 * it again; the log of every run is appended to one file. Not thread-safe: one test thread drives it.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start(Path.of("target/it-work/redis"))) {
 *     String url = redis.url();                        // redis://127.0.0.1:<port>
 *     redis.call("XLEN", "some-key").asLong();
 *     redis.kill();  redis.restart();                  // the AOF brings the data back
 *     redis.freeze(); ...; redis.unfreeze();           // SIGSTOP/SIGCONT: an unresponsive Redis
 * }
 * }</pre>
 */
public final class RedisServer implements AutoCloseable {
    private static final Path BINARY = Path.of(System.getProperty("seriesflow.redis-server", "/usr/bin/redis-server"));
    private static final Duration READY = Duration.ofSeconds(20);
    private static final Duration GRACE = Duration.ofSeconds(15);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private final Path directory;
    private final int port;
    private ChildProcess process;
    private boolean frozen;

    private RedisServer(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    /** Starts a server with an empty data directory under {@code directory} and waits until it answers PING. */
    public static RedisServer start(Path directory) {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError("no redis-server at " + BINARY + ": apt-get install -y redis-server (.ci/run"
                    + " does), or pass -Dseriesflow.redis-server=<path>");
        }
        RedisServer redis = new RedisServer(directory.toAbsolutePath(), FreePort.find());
        redis.wipeData();
        redis.launch();
        return redis;
    }

    /** {@code redis://127.0.0.1:<port>}, the form SERIESFLOW_REDIS_URL takes. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The redis-server process of the current run. */
    public long pid() {
        return process.pid();
    }

    public Path dataDirectory() {
        return directory.resolve("data");
    }

    /** Sends one command on a fresh connection, e.g. {@code call("HGETALL", key).asMap()}. */
    public RespReply call(String... command) {
        try (RespConnection connection = connect()) {
            return connection.call(command);
        }
    }

    /** A connection for several commands; its reads time out after 5 s (a frozen server never answers). */
    public RespConnection connect() {
        return connect(CALL_TIMEOUT);
    }

    /** A connection whose connect and reads fail after {@code timeout} without an answer. */
    public RespConnection connect(Duration timeout) {
        return RespConnection.open("127.0.0.1", port, timeout);
    }

    /** SIGTERM: Redis finishes the AOF and exits; fails when it has not exited within 15 s. */
    public void stop() {
        unfreeze();
        if (!process.stop(GRACE)) {
            throw new AssertionError("redis-server did not stop within " + GRACE.toSeconds() + " s of SIGTERM\n"
                    + logTail(30));
        }
    }

    /** SIGKILL: nothing is flushed on the way out; with fsync on every write nothing acknowledged is lost. */
    public void kill() {
        process.kill();
        frozen = false;
    }

    /** Stops the server if it runs, then starts it again on the same port and data directory (the AOF reloads). */
    public void restart() {
        if (process.isAlive()) {
            stop();
        }
        launch();
    }

    /** As {@link #restart()} but with the data directory wiped first: Redis comes back with nothing in it. */
    public void restartEmpty() {
        if (process.isAlive()) {
            stop();
        }
        wipeData();
        launch();
    }

    /** SIGSTOP: the server keeps its port and connections but answers nothing until {@link #unfreeze()}. */
    public void freeze() {
        signal("-STOP");
        frozen = true;
        Awaits.await("redis-server (pid " + pid() + ") to be stopped by SIGSTOP", Duration.ofSeconds(5),
                () -> "T".equals(processState()), this::processState);
    }

    /** SIGCONT after {@link #freeze()}; does nothing otherwise. */
    public void unfreeze() {
        if (frozen) {
            signal("-CONT");
            frozen = false;
        }
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** The last lines of the log of every run so far, for failure messages. */
    public String logTail(int lines) {
        return process.logTail(lines);
    }

    @Override
    public void close() {
        unfreeze();
        process.stop(GRACE);
    }

    private void launch() {
        Path log = directory.resolve("redis.log");
        process = ChildProcess.startAppending("redis-server:" + port, List.of(BINARY.toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
                "--appendfsync", "always", "--dir", dataDirectory().toString()), Map.of(), directory, log);
        Awaits.await("redis-server on port " + port + " to answer PING", READY, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("redis-server exited before answering\n" + logTail(40));
            }
            return answersPing();
        }, () -> logTail(10));
    }

    private boolean answersPing() {
        try (RespConnection connection = RespConnection.open("127.0.0.1", port, Duration.ofSeconds(1))) {
            // LOADING (an error reply) while the AOF is read back: not ready yet.
            return connection.call("PING").equals(new RespReply.Simple("PONG"));
        } catch (UncheckedIOException e) {
            // Not listening yet, or not answering yet: the caller polls again until its deadline.
            return false;
        }
    }

    private void wipeData() {
        try {
            if (Files.exists(dataDirectory())) {
                Command.run(Duration.ofSeconds(30), "rm", "-rf", dataDirectory().toString()).requireSuccess();
            }
            Files.createDirectories(dataDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void signal(String signal) {
        Command.run(Duration.ofSeconds(10), "kill", signal, Long.toString(pid())).requireSuccess();
    }

    /** The state letter in /proc/PID/stat: R, S, T (stopped), Z, or "gone". */
    private String processState() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (IOException e) {
            return "gone";
        }
    }
}
