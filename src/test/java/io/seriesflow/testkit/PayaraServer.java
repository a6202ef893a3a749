package io.seriesflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The full Payara Server distribution (unpacked from Maven Central by the build, left untouched) running a copy of
 * its {@code domain1} with every listening port moved to a free one, started and stopped with {@code asadmin}. The
 * server inherits the environment {@code asadmin start-domain} runs with. Not thread-safe; one test owns it.
 */
public final class PayaraServer implements AutoCloseable {
    private static final String DOMAIN = "domain1";
    private static final Duration ASADMIN = Duration.ofMinutes(3);

    private final Path home;
    private final Path domains;
    private final int httpPort;
    private final int adminPort;

    private PayaraServer(Path home, Path domains, int httpPort, int adminPort) {
        this.home = home;
        this.domains = domains;
        this.httpPort = httpPort;
        this.adminPort = adminPort;
    }

    /** Copies domain1 under {@code work}, moves its ports and starts it with the application's environment. */
    public static PayaraServer start(Path payaraHome, Path work, Map<String, String> applicationEnvironment) {
        Path home = payaraHome.toAbsolutePath();
        Path domain1 = home.resolve("glassfish/domains").resolve(DOMAIN);
        if (!Files.isDirectory(domain1)) {
            throw new IllegalStateException("no Payara Server at " + home + "; run mvn verify (pre-integration-test)");
        }
        try {
            Path domains = Files.createDirectories(work.toAbsolutePath().resolve("payara-server-" + System.nanoTime()));
            Command.run(Duration.ofMinutes(1), "cp", "-a", domain1.toString(), domains.toString()).requireSuccess();
            Map<String, Integer> ports = freePorts();
            movePorts(domains.resolve(DOMAIN).resolve("config/domain.xml"), ports);
            PayaraServer server = new PayaraServer(home, domains, ports.get("8080"), ports.get("4848"));
            server.asadmin(applicationEnvironment, "start-domain", "--domaindir", domains.toString(), DOMAIN)
                    .requireSuccess();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The domain's own ports (HTTP, HTTPS, admin, IIOP and its two SSL ports, JMX, JMS), each to a free one. */
    private static Map<String, Integer> freePorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String port : List.of("8080", "8181", "4848", "3700", "3820", "3920", "8686", "7676")) {
            ports.put(port, FreePort.find());
        }
        return ports;
    }

    /** Replaces each default port in the server's configuration; each must occur exactly once. */
    private static void movePorts(Path domainXml, Map<String, Integer> ports) throws IOException {
        String xml = Files.readString(domainXml);
        for (Map.Entry<String, Integer> port : ports.entrySet()) {
            String attribute = port.getKey().equals("7676") ? "value=\"7676\"" : "port=\"" + port.getKey() + "\"";
            int first = xml.indexOf(attribute);
            if (first < 0 || xml.indexOf(attribute, first + 1) >= 0) {
                throw new IllegalStateException(domainXml + " should hold " + attribute + " exactly once");
            }
            xml = xml.replace(attribute, attribute.replace(port.getKey(), Integer.toString(port.getValue())));
        }
        Files.writeString(domainXml, xml);
    }

    /** {@code asadmin --port <admin port> <arguments>} against this domain. */
    public Command.Outcome asadmin(String... arguments) {
        return asadmin(Map.of(), arguments);
    }

    private Command.Outcome asadmin(Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/asadmin").toString(),
                "--port", Integer.toString(adminPort)));
        command.addAll(List.of(arguments));
        return Command.run(ASADMIN, command, environment, null);
    }

    /** Drop a WAR here and the server deploys it; delete it and the server undeploys it. */
    public Path autodeployDirectory() {
        return domains.resolve(DOMAIN).resolve("autodeploy");
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + httpPort + "/seriesflow/");
    }

    public int httpPort() {
        return httpPort;
    }

    /** The server JVM's process id, as the domain records it. */
    public long pid() {
        try {
            return Long.parseLong(Files.readString(domains.resolve(DOMAIN).resolve("config/pid")).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String log() {
        try {
            return Files.readString(domains.resolve(DOMAIN).resolve("logs/server.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String logTail(int lines) {
        List<String> all = log().lines().toList();
        return "Payara Server log, last " + lines + " lines:\n"
                + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public void close() {
        Command.Outcome stop = asadmin("stop-domain", "--domaindir", domains.toString(), DOMAIN);
        if (!stop.succeeded()) {
            System.err.println("asadmin stop-domain failed, killing the server: " + stop.tail(10));
            ProcessHandle.of(pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
