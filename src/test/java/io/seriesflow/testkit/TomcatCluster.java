package io.seriesflow.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Several {@link TomcatNode}s of the built WAR in the real Tomcat distribution with the shipped configuration, on
 * free ports of 127.0.0.1, each with its own CATALINA_BASE under the work directory, all given the same
 * environment (plus each node's own extras). They start at the same time and the cluster is returned once every
 * node's {@code /api/info} answers. Closing stops them all at once (SIGTERM) and waits. Not thread-safe: one test
 * thread drives it.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start(work.resolve("redis"));
 *      TomcatCluster cluster = TomcatCluster.builder(work.resolve("cluster")).nodes(2)
 *              .environment("SERIESFLOW_REDIS_URL", redis.url())
 *              .environment("SERIESFLOW_PUBLISH_TOKEN", TOKEN)
 *              .nodeEnvironment(index -> Map.of("SERIESFLOW_GENERATORS", index == 0 ? "sine:sine:100" : "none"))
 *              .start()) {
 *     cluster.node(0).wsUri();   cluster.node(1).baseUri().resolve("api/info");
 *     cluster.node(0).kill();    cluster.node(0).restart();
 * }
 * }</pre>
 * Register {@link PrintLogsOnFailure} with {@code cluster.logTails(...)} to see every node's log when a test fails.
 */
public final class TomcatCluster implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(90);

    private final List<TomcatNode> nodes;

    private TomcatCluster(List<TomcatNode> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** A cluster of the distribution the build unpacked ({@code seriesflow.tomcat.home}), WAR as ROOT. */
    public static Builder builder(Path work) {
        return new Builder(work);
    }

    public List<TomcatNode> nodes() {
        return nodes;
    }

    /** The node at {@code index}, counting from 0 ({@code node-1} is index 0). */
    public TomcatNode node(int index) {
        return nodes.get(index);
    }

    /** Every node's log tail, one after the other, for a failure message. */
    public String logTails(int lines) {
        return nodes.stream().map(node -> node.logTail(lines)).collect(Collectors.joining("\n\n"));
    }

    /** SIGTERM to every running node at once, then waits for each. */
    @Override
    public void close() {
        nodes.forEach(TomcatNode::signalStop);
        List<String> stuck = new ArrayList<>();
        for (TomcatNode node : nodes) {
            if (node.isAlive()) {
                try {
                    node.stop();
                } catch (AssertionError e) {
                    stuck.add(e.getMessage());
                }
            }
        }
        if (!stuck.isEmpty()) {
            throw new AssertionError("nodes that did not stop on SIGTERM (killed): " + stuck);
        }
    }

    /** What the cluster will run; {@link #start()} starts it. */
    public static final class Builder {
        private final Path work;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private int size = 2;
        private IntFunction<Map<String, String>> nodeEnvironment = index -> Map.of();
        private Path tomcatHome = Path.of(System.getProperty("seriesflow.tomcat.home", ""));
        private String contextName = "ROOT";

        private Builder(Path work) {
            this.work = work;
        }

        public Builder nodes(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("a cluster has at least one node: " + count);
            }
            this.size = count;
            return this;
        }

        /** A setting every node gets, e.g. {@code SERIESFLOW_REDIS_URL}. */
        public Builder environment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        public Builder environment(Map<String, String> settings) {
            environment.putAll(settings);
            return this;
        }

        /** Settings for the node at an index (from 0), added to and overriding the shared ones. */
        public Builder nodeEnvironment(IntFunction<Map<String, String>> perNode) {
            this.nodeEnvironment = perNode;
            return this;
        }

        /** Another unpacked distribution, e.g. {@code seriesflow.tomcat10.home}. */
        public Builder tomcatHome(Path home) {
            this.tomcatHome = home;
            return this;
        }

        /** The WAR's name in {@code webapps/}: "ROOT" (the default) serves it at "/". */
        public Builder contextName(String name) {
            this.contextName = name;
            return this;
        }

        /** Prepares every node, starts them together and waits until each answers; on failure prints every log. */
        public TomcatCluster start() {
            List<TomcatNode> nodes = new ArrayList<>();
            for (int index = 0; index < size; index++) {
                String name = "node-" + (index + 1);
                // Each start gets fresh CATALINA_BASEs (on new ports); earlier runs' bases would only pile up.
                Command.run(Duration.ofSeconds(30), "rm", "-rf", work.resolve(name).toAbsolutePath().toString())
                        .requireSuccess();
                Map<String, String> settings = new LinkedHashMap<>(environment);
                settings.putAll(nodeEnvironment.apply(index));
                TomcatDistribution distribution = TomcatDistribution.prepare(tomcatHome,
                        work.resolve(name), FreePort.find(), contextName);
                nodes.add(new TomcatNode(name, distribution, settings));
            }
            TomcatCluster cluster = new TomcatCluster(nodes);
            try {
                nodes.forEach(TomcatNode::launch);
                for (TomcatNode node : nodes) {
                    node.awaitReady(READY);
                }
                return cluster;
            } catch (AssertionError | RuntimeException e) {
                System.err.println("the cluster did not start; every node's log:\n" + cluster.logTails(80));
                closeAfterFailure(cluster, e);
                throw e;
            }
        }

        private static void closeAfterFailure(TomcatCluster cluster, Throwable failure) {
            try {
                cluster.close();
            } catch (AssertionError | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
